public import EnlaceCore

/// A few focal points for the seeded directory of fora. The people are invented (the names, emails
/// and phones are not real, and the addresses use example domains); the bodies are real.
public enum DemoFora {
    /// The demo's focal points.
    public static let contacts: [Contact] = [
        contact(
            "demo-contact-1", "oas-cicad", "Lucía Fernández Ortiz", "CICAD Executive Secretariat",
            "Maritime narcotrafficking programme officer", "lfernandez@cicad.example.org", "+1 202 555 0141",
            [.es, .en]),
        contact(
            "demo-contact-2", "unodc", "Jean-Baptiste Mensah", "UNODC Regional Office for West and Central Africa",
            "Container Control Programme coordinator", "jb.mensah@unodc.example.org", "+221 33 555 0177", [.fr, .en]),
        contact(
            "demo-contact-3", "caricom-impacs", "Andrea Baptiste", "CARICOM IMPACS",
            "Joint Regional Communications Centre liaison", "abaptiste@impacs.example.org", "+1 246 555 0112", [.en]),
        contact(
            "demo-contact-4", "sica", "Carlos Enrique Molina", "Secretaría General del SICA",
            "Dirección de Seguridad Democrática", "cmolina@sica.example.org", "+503 2555 0190", [.es]),
        contact(
            "demo-contact-5", "ameripol", "Mariana Costa Ribeiro", "AMERIPOL",
            "Oficial de enlace", "mribeiro@ameripol.example.org", "+55 61 5555 0133", [.pt, .es]),
        contact(
            "demo-contact-6", "el-paccto", "Elena Marín", "EL PAcCTO 2.0",
            "Police cooperation component", "emarin@elpaccto.example.org", "+34 91 555 0166", [.es, .en, .fr]),
    ]

    private static func contact(
        _ id: String, _ forum: String, _ name: String, _ organization: String, _ position: String, _ email: String,
        _ phone: String, _ languages: [Language]
    ) -> Contact {
        Contact(
            id: id, forum: forum,
            draft: ContactDraft(
                name: name, organization: organization, position: position, email: email, phone: phone,
                languages: languages),
            version: 1)
    }
}
