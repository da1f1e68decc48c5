"""The words of the demo contact base: countries, company names, job titles, campaigns."""

from __future__ import annotations

from dataclasses import dataclass

from fusee.contacts.models import Industry, Maturity, Seniority


@dataclass(frozen=True)
class Country:
    code: str
    locale: str
    tld: str
    language: str
    time_zone: str
    phone_prefix: str
    weight: int


COUNTRIES = [
    Country("FR", "fr_FR", "fr", "fr", "Europe/Paris", "+33 6", 34),
    Country("ES", "es_ES", "es", "es", "Europe/Madrid", "+34 6", 15),
    Country("IT", "it_IT", "it", "it", "Europe/Rome", "+39 3", 12),
    Country("DE", "de_DE", "de", "de", "Europe/Berlin", "+49 15", 16),
    Country("GB", "en_GB", "co.uk", "en", "Europe/London", "+44 7", 13),
    Country("IN", "en_IN", "in", "en", "Asia/Kolkata", "+91 9", 10),
]

# Orbitale's ideal customer: multi-site networks (stores, hotels, restaurants, clubs, branches).
INDUSTRY_WEIGHTS: dict[str, float] = {
    Industry.RETAIL: 22, Industry.HOSPITALITY: 14, Industry.RESTAURANTS: 14, Industry.FITNESS: 10,
    Industry.BANKING: 10, Industry.HEALTHCARE: 6, Industry.REAL_ESTATE: 5, Industry.LOGISTICS: 4,
    Industry.AUTOMOTIVE: 4, Industry.EDUCATION: 3, Industry.MANUFACTURING: 3,
    Industry.PUBLIC_SECTOR: 2, Industry.OTHER: 3,
}
# Employees per site, to derive a plausible number of sites from the head count.
STAFF_PER_SITE: dict[str, float] = {
    Industry.RETAIL: 14, Industry.HOSPITALITY: 35, Industry.RESTAURANTS: 18, Industry.FITNESS: 9,
    Industry.BANKING: 11, Industry.HEALTHCARE: 40, Industry.REAL_ESTATE: 8, Industry.LOGISTICS: 60,
    Industry.AUTOMOTIVE: 25, Industry.EDUCATION: 30, Industry.MANUFACTURING: 150,
    Industry.PUBLIC_SECTOR: 50, Industry.OTHER: 60,
}
# How readily each industry engages with marketing (1.0 = average).
INDUSTRY_ENGAGEMENT: dict[str, float] = {
    Industry.RETAIL: 1.15, Industry.HOSPITALITY: 1.2, Industry.RESTAURANTS: 1.05, Industry.FITNESS: 1.1,
    Industry.BANKING: 0.8, Industry.HEALTHCARE: 0.85, Industry.REAL_ESTATE: 0.95, Industry.LOGISTICS: 0.9,
    Industry.AUTOMOTIVE: 0.9, Industry.EDUCATION: 0.85, Industry.MANUFACTURING: 0.75,
    Industry.PUBLIC_SECTOR: 0.65, Industry.OTHER: 0.8,
}
SENIORITY_ENGAGEMENT: dict[str, float] = {
    Seniority.ENTRY: 1.15, Seniority.MANAGER: 1.15, Seniority.DIRECTOR: 1.0, Seniority.VP: 0.85,
    Seniority.C_LEVEL: 0.7, Seniority.OWNER: 0.9,
}
MATURITY_ENGAGEMENT: dict[str, float] = {
    Maturity.AWARENESS: 0.7, Maturity.CONSIDERATION: 1.1, Maturity.DECISION: 1.7,
}

# "{last}" is a family name, "{city}" a city: company names by industry, per language.
CITIES = {
    "FR": ["Lyon", "Paris", "Nantes", "Lille", "Bordeaux", "Marseille", "Toulouse", "Rennes", "Nice"],
    "ES": ["Madrid", "Barcelona", "Valencia", "Sevilla", "Bilbao", "Málaga", "Zaragoza"],
    "IT": ["Milano", "Roma", "Torino", "Bologna", "Firenze", "Napoli", "Verona"],
    "DE": ["Berlin", "München", "Hamburg", "Köln", "Frankfurt", "Stuttgart", "Leipzig"],
    "GB": ["London", "Manchester", "Leeds", "Bristol", "Glasgow", "Birmingham", "Edinburgh"],
    "IN": ["Mumbai", "Bengaluru", "Delhi", "Pune", "Chennai", "Hyderabad", "Kolkata"],
}
NAME_PATTERNS: dict[str, dict[str, list[str]]] = {
    "fr": {
        Industry.RETAIL: ["Maison {last}", "{last} Distribution", "Comptoirs {last}", "Boutiques {last}"],
        Industry.HOSPITALITY: ["Hôtels {last}", "Groupe hôtelier {last}", "Résidences {city}"],
        Industry.RESTAURANTS: ["Brasseries {last}", "Bistrots {last}", "{last} Restauration"],
        Industry.FITNESS: ["{last} Fitness", "Clubs {city} Forme"],
        Industry.BANKING: ["Banque {last}", "Crédit {city}", "Mutuelle {last}"],
        "*": ["Groupe {last}", "{last} & Associés", "{last} {city}", "{last} SA"],
    },
    "es": {
        Industry.RETAIL: ["Almacenes {last}", "{last} Distribución", "Tiendas {last}"],
        Industry.HOSPITALITY: ["Hoteles {last}", "Grupo Hotelero {city}"],
        Industry.RESTAURANTS: ["Restaurantes {last}", "Tabernas {last}", "Grupo {last} Restauración"],
        Industry.FITNESS: ["{last} Fitness", "Gimnasios {city}"],
        Industry.BANKING: ["Banco {last}", "Caja {city}"],
        "*": ["Grupo {last}", "{last} y Asociados", "{last} {city}", "{last} S.A."],
    },
    "it": {
        Industry.RETAIL: ["Magazzini {last}", "{last} Distribuzione", "Negozi {last}"],
        Industry.HOSPITALITY: ["Hotel {last}", "Gruppo Alberghiero {city}"],
        Industry.RESTAURANTS: ["Trattorie {last}", "Pizzerie {last}", "{last} Ristorazione"],
        Industry.FITNESS: ["{last} Fitness", "Palestre {city}"],
        Industry.BANKING: ["Banca {last}", "Cassa di Risparmio di {city}"],
        "*": ["Gruppo {last}", "{last} & Figli", "{last} {city}", "{last} S.p.A."],
    },
    "de": {
        Industry.RETAIL: ["{last} Handel", "Kaufhaus {last}", "{last} Märkte"],
        Industry.HOSPITALITY: ["{last} Hotels", "Hotelgruppe {city}"],
        Industry.RESTAURANTS: ["{last} Gastronomie", "Brauhaus {last}", "{last} Systemgastronomie"],
        Industry.FITNESS: ["{last} Fitness", "Sportclubs {city}"],
        Industry.BANKING: ["{last} Bank", "Sparkasse {city}", "Volksbank {city}"],
        "*": ["{last} Gruppe", "{last} & Söhne", "{last} {city}", "{last} GmbH"],
    },
    "en": {
        Industry.RETAIL: ["{last} Stores", "{last} Retail", "{last} & Co"],
        Industry.HOSPITALITY: ["{last} Hotels", "{city} Hospitality Group"],
        Industry.RESTAURANTS: ["{last}'s Kitchens", "{last} Dining", "{city} Restaurant Group"],
        Industry.FITNESS: ["{last} Fitness", "{city} Gyms"],
        Industry.BANKING: ["{last} Bank", "{city} Building Society", "{last} Finance"],
        "*": ["{last} Group", "{last} & Partners", "{last} {city}", "{last} Holdings"],
    },
}

# (title, function, seniority, weight); "male|female" where the language genders the title.
JOB_TITLES: dict[str, list[tuple[str, str, str, int]]] = {
    "fr": [
        ("Directeur des opérations|Directrice des opérations", "operations", "director", 10),
        ("Responsable des opérations régionales", "operations", "manager", 10),
        ("Directeur de réseau|Directrice de réseau", "operations", "director", 6),
        ("Responsable de magasin", "operations", "manager", 6),
        ("Chargé de projet opérations|Chargée de projet opérations", "operations", "entry", 5),
        ("Président-directeur général|Présidente-directrice générale", "executive", "c_level", 4),
        ("Fondateur|Fondatrice", "executive", "owner", 3),
        ("Directeur général adjoint|Directrice générale adjointe", "executive", "vp", 3),
        ("Directeur marketing|Directrice marketing", "marketing", "director", 6),
        ("Responsable marketing", "marketing", "manager", 7),
        ("Chargé de marketing|Chargée de marketing", "marketing", "entry", 4),
        ("DSI", "it", "c_level", 3), ("Chef de projet informatique", "it", "manager", 4),
        ("Directeur administratif et financier|Directrice administrative et financière",
         "finance", "c_level", 3),
        ("DRH", "hr", "director", 3), ("Directeur commercial|Directrice commerciale", "sales", "director", 4),
        ("Responsable des achats", "other", "manager", 3),
    ],
    "es": [
        ("Director de Operaciones|Directora de Operaciones", "operations", "director", 10),
        ("Responsable de Operaciones Regionales", "operations", "manager", 10),
        ("Director de Red|Directora de Red", "operations", "director", 6),
        ("Encargado de Tienda|Encargada de Tienda", "operations", "manager", 6),
        ("Técnico de Operaciones|Técnica de Operaciones", "operations", "entry", 5),
        ("Consejero Delegado|Consejera Delegada", "executive", "c_level", 4),
        ("Fundador|Fundadora", "executive", "owner", 3),
        ("Director General Adjunto|Directora General Adjunta", "executive", "vp", 3),
        ("Director de Marketing|Directora de Marketing", "marketing", "director", 6),
        ("Responsable de Marketing", "marketing", "manager", 7),
        ("Técnico de Marketing|Técnica de Marketing", "marketing", "entry", 4),
        ("CIO", "it", "c_level", 3), ("Jefe de Proyectos IT|Jefa de Proyectos IT", "it", "manager", 4),
        ("Director Financiero|Directora Financiera", "finance", "c_level", 3),
        ("Director de RR. HH.|Directora de RR. HH.", "hr", "director", 3),
        ("Director Comercial|Directora Comercial", "sales", "director", 4),
        ("Responsable de Compras", "other", "manager", 3),
    ],
    "it": [
        ("Direttore Operativo|Direttrice Operativa", "operations", "director", 10),
        ("Responsabile Operazioni di Area", "operations", "manager", 10),
        ("Direttore di Rete|Direttrice di Rete", "operations", "director", 6),
        ("Store Manager", "operations", "manager", 6),
        ("Addetto alle Operazioni|Addetta alle Operazioni", "operations", "entry", 5),
        ("Amministratore Delegato|Amministratrice Delegata", "executive", "c_level", 4),
        ("Fondatore|Fondatrice", "executive", "owner", 3),
        ("Vice Direttore Generale", "executive", "vp", 3),
        ("Direttore Marketing|Direttrice Marketing", "marketing", "director", 6),
        ("Responsabile Marketing", "marketing", "manager", 7),
        ("Marketing Specialist", "marketing", "entry", 4),
        ("CIO", "it", "c_level", 3), ("Responsabile IT", "it", "manager", 4),
        ("Direttore Finanziario|Direttrice Finanziaria", "finance", "c_level", 3),
        ("Responsabile Risorse Umane", "hr", "director", 3),
        ("Direttore Commerciale|Direttrice Commerciale", "sales", "director", 4),
        ("Responsabile Acquisti", "other", "manager", 3),
    ],
    "de": [
        ("Leiter Operations|Leiterin Operations", "operations", "director", 10),
        ("Regionalleiter|Regionalleiterin", "operations", "manager", 10),
        ("Vertriebsleiter Filialnetz|Vertriebsleiterin Filialnetz", "operations", "director", 6),
        ("Filialleiter|Filialleiterin", "operations", "manager", 6),
        ("Referent Operations|Referentin Operations", "operations", "entry", 5),
        ("Geschäftsführer|Geschäftsführerin", "executive", "c_level", 4),
        ("Gründer|Gründerin", "executive", "owner", 3),
        ("Bereichsleiter|Bereichsleiterin", "executive", "vp", 3),
        ("Marketingleiter|Marketingleiterin", "marketing", "director", 6),
        ("Marketing Manager|Marketing Managerin", "marketing", "manager", 7),
        ("Marketing-Referent|Marketing-Referentin", "marketing", "entry", 4),
        ("CIO", "it", "c_level", 3), ("IT-Projektleiter|IT-Projektleiterin", "it", "manager", 4),
        ("CFO", "finance", "c_level", 3), ("Personalleiter|Personalleiterin", "hr", "director", 3),
        ("Vertriebsleiter|Vertriebsleiterin", "sales", "director", 4),
        ("Einkaufsleiter|Einkaufsleiterin", "other", "manager", 3),
    ],
    "en": [
        ("Head of Operations", "operations", "director", 10),
        ("Regional Operations Manager", "operations", "manager", 10),
        ("Director of Store Operations", "operations", "director", 6),
        ("Area Manager", "operations", "manager", 6), ("Operations Analyst", "operations", "entry", 5),
        ("Chief Executive Officer", "executive", "c_level", 4), ("Founder", "executive", "owner", 3),
        ("VP Operations", "operations", "vp", 3), ("Marketing Director", "marketing", "director", 6),
        ("Marketing Manager", "marketing", "manager", 7), ("Marketing Executive", "marketing", "entry", 4),
        ("Chief Information Officer", "it", "c_level", 3), ("IT Project Manager", "it", "manager", 4),
        ("Chief Financial Officer", "finance", "c_level", 3), ("HR Director", "hr", "director", 3),
        ("Sales Director", "sales", "director", 4), ("Procurement Manager", "other", "manager", 3),
    ],
}

WEBINAR_TOPICS = [
    "multi-site operations", "store audits without paper", "opening 50 sites a year",
    "franchise compliance at scale", "hotel housekeeping standards", "restaurant food safety checks",
    "branch network transformation", "field teams that follow the playbook", "retail execution KPIs",
    "onboarding site managers fast", "the connected regional manager", "fitness club quality tours",
]
EBOOKS = [
    "The multi-site operations playbook", "50 checklists for store managers",
    "Benchmark: retail execution 2026", "Guide: franchise audits", "The regional manager's handbook",
]
SITE_PATHS = [
    "/", "/product", "/product/audits", "/product/tasks", "/product/analytics", "/customers",
    "/blog/multi-site-operations", "/blog/store-audit-checklist", "/integrations", "/about",
]
DECISION_PATHS = ["/pricing", "/demo", "/customers/case-studies", "/security"]
