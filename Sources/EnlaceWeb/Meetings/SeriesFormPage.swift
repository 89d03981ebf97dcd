import EnlaceCore
import EnlaceStore
import Foundation

/// The model of the form that sets up or changes a meeting series.
struct SeriesFormPage {
    let header: FormHeader
    let name: Field
    let levels: [Option]
    let levelError: String?
    let areas: [Option]
    let areasError: String?
    let chairs: [Option]
    let chairsError: String?
    let members: [Option]
    let membersError: String?
    let timeZone: Field
    /// The IANA zones of the regions Enlace serves, offered as the time zone is typed.
    let timeZones: [String]
    let firstDate: Field
    let startTime: Field
    let durationMinutes: Field
    let rhythm: Field
    let venue: Field
    let virtualLink: Field
    let markings: [Option]
    let releasableTo: Field
    let releasabilityError: String?

    /// The form showing `input`, with `errors` beside their fields.
    init(
        input: SeriesInput, version: Int?, errors: [FieldError], heading: String, action: String, cancelHref: String,
        staleNotice: String? = nil, organizations: [Organization], presenter: MeetingPresenter,
        translations: Translations
    ) {
        let form = FormMessages(errors, translations: translations, language: presenter.language)
        header = FormHeader(
            heading: heading, action: action, cancelHref: cancelHref, version: version, messages: form,
            staleNotice: staleNotice)
        name = form.field("name", input.name)
        levels = .make(
            MeetingLevel.allCases.map { ($0.rawValue, presenter.level($0)) }, selected: [input.level ?? "technical"])
        levelError = form.message("level")
        areas = .make(
            presenter.base.catalog.keyAreas.map { ($0.slug, presenter.base.areaName($0.slug)) },
            selected: Set(input.keyAreas ?? []))
        areasError = form.message("keyAreas")
        let choices = organizations.map { ($0.code, "\($0.name) (\($0.code))") }
        chairs = .make(choices, selected: Set(input.chairs ?? []))
        chairsError = form.message("chairs")
        members = .make(choices, selected: Set(input.members ?? []))
        membersError = form.message("members")
        timeZone = form.field("timeZone", input.timeZone)
        timeZones = TimeZone.knownTimeZoneIdentifiers.filter { zone in
            ["America/", "Europe/", "Africa/", "Atlantic/"].contains { zone.hasPrefix($0) }
        }.sorted()
        firstDate = form.field("firstDate", input.firstDate)
        startTime = form.field("startTime", input.startTime)
        durationMinutes = form.field("durationMinutes", input.durationMinutes.map(String.init))
        rhythm = form.field("rhythm", input.rhythm)
        venue = form.field("venue", input.venue)
        virtualLink = form.field("virtualLink", input.virtualLink)
        markings = .make(
            Marking.allCases.map { ($0.rawValue, presenter.text("markings.\($0.rawValue).label")) },
            selected: [input.releasability?.marking ?? Marking.members.rawValue])
        releasableTo = form.field("releasableTo", (input.releasability?.releasableTo ?? []).joined(separator: ", "))
        releasabilityError = form.message("releasability")
    }

    /// The input a submitted form describes.
    static func input(_ form: FormData) -> SeriesInput {
        var input = SeriesInput()
        input.name = form.value("name")
        input.level = form.value("level")
        input.keyAreas = form.values("keyAreas")
        input.chairs = form.values("chairs")
        input.members = form.values("members")
        input.timeZone = form.value("timeZone")
        input.firstDate = form.value("firstDate")
        input.startTime = form.value("startTime")
        if let text = form.value("durationMinutes"), !text.isEmpty { input.durationMinutes = Int(text) ?? -1 }
        input.rhythm = form.value("rhythm")
        input.venue = form.value("venue")
        input.virtualLink = form.value("virtualLink")
        // Without a marking the form changes none (the series keeps its own, a new one is for members).
        if let marking = form.value("marking") {
            input.releasability = ActivityInput.ReleasabilityInput(
                marking: marking,
                releasableTo: (form.value("releasableTo") ?? "").split(separator: ",").map {
                    $0.trimmingCharacters(in: .whitespaces)
                }.filter { !$0.isEmpty })
        }
        return input
    }

    /// The input that shows `series` as it is.
    static func input(_ series: MeetingSeries) -> SeriesInput {
        var input = SeriesInput()
        input.name = series.name
        input.level = series.level.rawValue
        input.keyAreas = series.keyAreas
        input.chairs = series.chairs
        input.members = series.members
        input.timeZone = series.timeZone
        input.firstDate = series.firstDate.iso
        input.startTime = series.startTime
        input.durationMinutes = series.durationMinutes
        input.rhythm = series.rhythm.text
        input.venue = series.venue
        input.virtualLink = series.virtualLink
        input.releasability = ActivityInput.ReleasabilityInput(
            marking: series.releasability.marking.rawValue, releasableTo: series.releasability.releasableTo)
        return input
    }
}

extension SeriesFormPage: PageModel {
    static let template = PageTemplate.seriesForm
}
