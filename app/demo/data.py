"""The demo municipality: Sjöviks kommun, with believable places and people."""

DEMO_PASSWORD = "demo-losenord-2026"  # noqa: S105 - documented demo password

MUNICIPALITY = {
    "name": "Sjöviks kommun",
    "introduction": (
        "Här kan du som bor, driver företag eller är aktiv i en förening i Sjöviks kommun "
        "lämna förslag för ditt lokalsamhälle, vara med i inflytandedialoger och följa vad "
        "kommunen gör med det som kommer in.\n\n"
        "Varje förslag får ett svar och kopplas till en åtgärd i kommunens planer, så att du "
        "alltid kan se var det står."
    ),
    "contact": (
        "Sjöviks kommun, Kultur-, demokrati- och fritidsförvaltningen  \n"
        "E-post: demokrati@example.org"
    ),
}

COMMUNITIES = [
    ("Sjövik centrum", "sjovik-centrum",
     "Centralorten med torget, stationen och kommunhuset. Här bor ungefär hälften av "
     "kommunens invånare."),
    ("Norrby", "norrby",
     "Villaområde och jordbruksbygd norr om sjön, med skola, bygdegård och en aktiv "
     "hembygdsförening."),
    ("Strandvik", "strandvik",
     "Kustsamhälle med fiskehamn, campingplats och många sommargäster. Besöksnäringen "
     "växer."),
    ("Hedås", "hedas",
     "Glesbygd med skog och fäbodar. Byalaget driver lanthandeln tillsammans med "
     "företagare i byn."),
    ("Östra Lund", "ostra-lund",
     "Nyare bostadsområde öster om centrum med många barnfamiljer och en ny förskola."),
]

ACCOUNTS = [
    ("admin@example.org", "Alva Administratör", "admin"),
    ("demokrati@example.org", "Dana Demokratiutvecklare", "moderator"),
    ("tjansteperson@example.org", "Tore Tjänsteperson", "official"),
    ("anna@example.org", "Anna Lindqvist", "resident"),
    ("erik@example.org", "Erik Johansson", "resident"),
    ("foretag@example.org", "Fatima Berg", "resident"),
    ("forening@example.org", "Gustav Nilsson", "resident"),
]
