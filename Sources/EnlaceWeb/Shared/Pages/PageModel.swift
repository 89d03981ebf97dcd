import Foundation

/// A page's model. It names the template it fills, so a controller cannot pair a model with another page's
/// template, and `PageRenderer` holds the two to each other: every `page.name` the template (with its
/// partials) reads must be a stored member of the model, checked the first time the type renders.
protocol PageModel {
    static var template: PageTemplate { get }
}

/// The templates that are pages (the rest are partials). `TemplateTests` checks that each exists and that
/// every template file is a page or a partial some page includes.
enum PageTemplate: String, CaseIterable, Sendable {
    case home
    case activityList = "activities/list"
    case activityDetail = "activities/detail"
    case activityForm = "activities/form"
    case activityHistory = "activities/history"
    case activityFunding = "activities/funding"
    case activityResults = "activities/results"
    case importForm = "imports/form"
    case importJob = "imports/job"
    case overlapQueue = "overlaps/list"
    case overlapDetail = "overlaps/detail"
    case coverage = "coverage/page"
    case needList = "needs/list"
    case needPlanning = "needs/planning"
    case needDetail = "needs/detail"
    case needForm = "needs/form"
    case fundingSummary = "funding/summary"
    case vetting = "funding/vetting"
    case results = "results/summary"
    case foraDirectory = "fora/directory"
    case forum = "fora/forum"
    case forumForm = "fora/form"
    case contactForm = "fora/contact-form"
    case proposalList = "proposals/list"
    case proposalDetail = "proposals/detail"
    case proposalForm = "proposals/form"
    case proposalDiff = "proposals/diff"
    case round = "proposals/round"
    case conferenceList = "conferences/list"
    case conferenceForm = "conferences/form"
    case programme = "conferences/programme"
    case seriesList = "meetings/series-list"
    case seriesDetail = "meetings/series-detail"
    case seriesForm = "meetings/series-form"
    case meeting = "meetings/meeting"
    case minutes = "meetings/minutes"
    case brief = "meetings/brief"
    case calendar = "meetings/calendar"
    case actionItems = "meetings/actions"
    case signIn = "account/login"
    case secondFactor = "account/second-factor"
    case invitation = "account/invitation"
    case account = "account/account"
    case secondFactorSetup = "account/second-factor-setup"
    case adminOverview = "admin/overview"
    case organizations = "admin/organizations"
    case organization = "admin/organization"
    case users = "admin/users"
    case audit = "admin/audit"
    case exchangeRates = "admin/rates"
    case error
}
