"""Demo proposals for Sjöviks kommun, written as residents write them.

Each entry: title, body, community slug (None = whole municipality), theme,
status, decision, number of supports, comments (author email, text).
"""

P = "published"
U = "under_consideration"
A = "answered"
IMP = "implemented"
W = "withdrawn"
S = "submitted"
H = "hidden"

PROPOSALS = [
    ("Belysning längs cykelbanan till stationen",
     "Cykelbanan mellan Östra Lund och stationen är helt mörk från oktober till mars. "
     "Många pendlar tidigt på morgonen och flera har ramlat i kurvan vid bäcken.\n\n"
     "Jag föreslår att kommunen sätter upp belysning på hela sträckan, gärna "
     "rörelsestyrd så att det inte lyser i onödan.",
     "ostra-lund", "Trygghet", U, None, 124,
     [("erik@example.org", "Håller med helt. Jag cyklar där varje dag och det är "
       "riktigt otäckt i mörkret."),
      ("forening@example.org", "Bra förslag! Tänk också på att röja buskarna vid "
       "tunneln, där är det mörkast.")]),
    ("Utegym vid Norrby skola",
     "Det finns inget utegym i Norrby. Skolgården står tom på kvällar och helger. "
     "Ett enkelt utegym med räcke, bänkar och en chinsstång skulle användas av både "
     "unga och äldre.",
     "norrby", "Kultur och fritid", A, "accepted", 87,
     [("anna@example.org", "Ja! Och gärna med belysning så att det går att träna "
       "efter jobbet på vintern.")]),
    ("Fler bänkar längs strandpromenaden",
     "Strandpromenaden i Strandvik är fin men det är långt mellan bänkarna. För oss "
     "som är äldre eller har barnvagn behövs en bänk ungefär var tvåhundrade meter.",
     "strandvik", "Miljö", A, "partly_accepted", 45, []),
    ("Laddstolpar vid bygdegården i Hedås",
     "Närmaste laddstolpe ligger tre mil bort. Om bygdegården fick två laddplatser "
     "skulle fler kunna köra elbil och besökare skulle stanna längre i byn.",
     "hedas", "Trafik", P, None, 23,
     [("erik@example.org", "Kanske kan byalaget och kommunen dela på kostnaden?")]),
    ("Sänkt hastighet på Storgatan",
     "Bilarna kör för fort på Storgatan mellan torget och skolan. Sänk till 30 km/h "
     "och måla ut ett övergångsställe vid biblioteket.",
     "sjovik-centrum", "Trafik", A, "already_under_way", 156,
     [("anna@example.org", "Mina barn går den vägen varje dag. Snälla gör något."),
      ("tjansteperson@example.org", "Tack för förslaget. En hastighetsutredning för "
       "hela centrum pågår redan och blir klar i vår.")]),
    ("Sommarjobb för unga i besöksnäringen",
     "Campingplatsen och restaurangerna i Strandvik behöver folk varje sommar, och "
     "många unga vill jobba. Kommunen kunde samordna en sommarjobbsmässa i maj.",
     "strandvik", "Näringsliv", P, None, 31, []),
    ("Återvinningsstation närmare Östra Lund",
     "Alla nya familjer i Östra Lund kör till centrum för att lämna förpackningar. En "
     "station vid förskolans parkering skulle spara många bilresor.",
     "ostra-lund", "Miljö", P, None, 58,
     [("erik@example.org", "Bra idé, men inte för nära förskolans entré."),
      ("anna@example.org", "Kanske vid infarten i stället, där finns plats.")]),
    ("Öppna simhallen på söndagar",
     "Simhallen är stängd på söndagar. Det är den dag många familjer har tid. Öppna "
     "gärna några timmar på förmiddagen.",
     "sjovik-centrum", "Kultur och fritid", IMP, "accepted", 210,
     [("forening@example.org", "Simklubben kan hjälpa till med personal några "
       "söndagar i månaden.")]),
    ("Bättre busstider till Hedås",
     "Sista bussen från centrum går 17.10. Den som jobbar till fem hinner inte. "
     "En tur till vid 18-tiden skulle göra stor skillnad.",
     "hedas", "Trafik", U, None, 102, []),
    ("Trygg skolväg över Järnvägsgatan",
     "Barnen som bor norr om spåret korsar Järnvägsgatan utan övergångsställe. Det "
     "behövs ett upphöjt övergångsställe och gärna skolpatrull.",
     "sjovik-centrum", "Trygghet", P, None, 64,
     [("anna@example.org", "Instämmer. Det har varit flera nära olyckor.")]),
    ("Gemensam evenemangskalender för hela kommunen",
     "Föreningar, kommunen och företag lägger ut sina evenemang på olika ställen. "
     "En gemensam kalender skulle göra det lättare för både invånare och besökare.",
     None, "Kultur och fritid", P, None, 77,
     [("foretag@example.org", "Vi på campingen skulle gärna lägga in våra "
       "aktiviteter där."),
      ("forening@example.org", "Hembygdsföreningen också!")]),
    ("Lekplats med tillgänglig gunga",
     "Lekplatsen i Östra Lund saknar redskap för barn som använder rullstol. En "
     "korggunga och ett sandbord i rätt höjd skulle göra att alla kan leka.",
     "ostra-lund", "Kultur och fritid", A, "accepted", 93, []),
    ("Röj sly vid badplatsen i Norrby",
     "Vassen och slyn har växt igen så att det knappt går att se vattnet. Röj en bit "
     "så att badplatsen blir trevlig igen.",
     "norrby", "Miljö", IMP, "accepted", 40, []),
    ("Mötesplats för seniorer i centrum",
     "Sedan caféet vid torget stängde finns ingenstans att träffas på dagarna. Kanske "
     "kan biblioteket ha öppet fika två dagar i veckan?",
     "sjovik-centrum", "Kultur och fritid", P, None, 49,
     [("erik@example.org", "Min mamma skulle älska det.")]),
    ("Cykelparkering med tak vid stationen",
     "Cyklarna står i regnet och flera har blivit stulna. Bygg ett cykelgarage med "
     "tak och möjlighet att låsa fast ramen.",
     "sjovik-centrum", "Trafik", P, None, 71, []),
    ("Wifi i bygdegården",
     "Bygdegården i Hedås används för möten och kurser men saknar internet. Med wifi "
     "kunde fler jobba på distans därifrån några dagar i veckan.",
     "hedas", "Näringsliv", P, None, 19, []),
    ("Hundrastgård i Östra Lund",
     "Det finns många hundar i området men ingen inhägnad plats där de kan springa "
     "lösa. Ängen bakom förskolan vore perfekt.",
     "ostra-lund", "Kultur och fritid", A, "rejected", 38,
     [("anna@example.org", "Synd att det blev nej, men jag förstår att marken "
       "behövs för den nya skolan.")]),
    ("Skyltning till fiskehamnen",
     "Turister hittar inte till fiskehamnen och rökeriet. Några tydliga skyltar från "
     "väg 12 skulle hjälpa både besökare och företagen i hamnen.",
     "strandvik", "Näringsliv", U, None, 115, []),
    ("Fler papperskorgar på torget",
     "På helgerna svämmar papperskorgarna på torget över. Fler korgar och tätare "
     "tömning behövs.",
     "sjovik-centrum", "Miljö", IMP, "accepted", 28, []),
    ("Naturstig runt Hedåssjön",
     "Det finns en gammal stig runt sjön som nästan vuxit igen. Med lite röjning och "
     "några informationsskyltar om fåglarna kunde den bli ett utflyktsmål.",
     "hedas", "Miljö", P, None, 54,
     [("forening@example.org", "Hembygdsföreningen hjälper gärna till med "
       "skyltarnas texter.")]),
    ("Ungdomsgård i Strandvik",
     "Unga i Strandvik har ingenstans att vara på kvällarna på vintern. Öppna "
     "ungdomsgården i den gamla skolan två kvällar i veckan.",
     "strandvik", "Kultur och fritid", P, None, 66, []),
    ("Belysning på gångvägen vid idrottsplatsen",
     "Gångvägen från idrottsplatsen till bostadsområdet är mörk. Barnen går hem från "
     "träningen i mörker flera månader om året.",
     "norrby", "Trygghet", P, None, 47,
     [("erik@example.org", "Samma problem som vid cykelbanan i Östra Lund.")]),
    ("Lokalproducerad mat i skolköket",
     "Det finns flera gårdar i kommunen som säljer kött, potatis och grönsaker. Låt "
     "skolköken köpa mer lokalt.",
     None, "Näringsliv", A, "partly_accepted", 132, []),
    ("Fartgupp på Skolvägen i Norrby",
     "Bilar kör fort förbi skolan trots skyltarna. Två fartgupp skulle hjälpa.",
     "norrby", "Trafik", P, None, 35, []),
    ("Isbana på torget i vinter",
     "Spola en isbana på torget under jullovet. Det skulle få liv i centrum och ge "
     "handlarna fler besökare.",
     "sjovik-centrum", "Kultur och fritid", P, None, 88,
     [("foretag@example.org", "Vi kan bjuda på varm choklad första helgen!")]),
    ("Solceller på kommunens byggnader",
     "Kommunen har många stora tak. Sätt solceller på skolor och idrottshallar.",
     None, "Miljö", U, None, 143, []),
    ("Öppettider på återvinningscentralen",
     "Återvinningscentralen stänger 16 på vardagar. Öppna en kväll i veckan till 19.",
     None, "Miljö", P, None, 52, []),
    ("Trygghetsvandring i centrum",
     "Låt oss som bor i centrum gå en trygghetsvandring med kommunen och polisen för "
     "att peka ut platser som känns otrygga.",
     "sjovik-centrum", "Trygghet", A, "accepted", 61, []),
    ("Gemensam marknadsföring av Strandvik",
     "Företagen i Strandvik vill samarbeta om marknadsföringen av orten inför "
     "sommaren. Kommunen kan hjälpa till att samla oss.",
     "strandvik", "Näringsliv", P, None, 27,
     [("foretag@example.org", "Vi är med! Hör av er.")]),
    ("Bättre snöröjning av gång- och cykelvägar",
     "Gång- och cykelvägarna plogas sist, ibland inte förrän på eftermiddagen. Ploga "
     "dem samtidigt som bilvägarna.",
     None, "Trafik", P, None, 97, []),
    ("Bokbuss till Hedås",
     "Biblioteket är långt bort för oss som bor i Hedås. En bokbuss varannan vecka "
     "vore fantastiskt.",
     "hedas", "Kultur och fritid", P, None, 41, []),
    ("Blommor i rondellen vid infarten",
     "Infarten till Sjövik ser tråkig ut. Plantera perenner i rondellen.",
     "sjovik-centrum", "Miljö", W, None, 3, []),
    ("Utökad skolskjuts i Norrby",
     "Barn som bor närmare än fyra kilometer får ingen skolskjuts, men vägen saknar "
     "gångbana. Ändra reglerna för Norrbyvägen.",
     "norrby", "Trafik", P, None, 29, []),
    ("Konstgräsplan i Östra Lund",
     "Fotbollsklubben växer och gräsplanen räcker inte till. En konstgräsplan kan "
     "användas större delen av året.",
     "ostra-lund", "Kultur och fritid", P, None, 74, []),
    ("Fler parkeringar för husbilar",
     "Husbilsturisterna parkerar överallt i Strandvik på sommaren. Gör en ställplats "
     "med latrintömning vid campingen.",
     "strandvik", "Näringsliv", P, None, 18, []),
    ("Kameraövervakning vid stationen",
     "Det har varit flera inbrott i bilar vid pendelparkeringen. Sätt upp kameror.",
     "sjovik-centrum", "Trygghet", S, None, 0, []),
    ("Sopor i skogen vid Hedås",
     "Någon dumpar sopor vid skogsvägen. Sätt upp en skylt och en sopcontainer.",
     "hedas", "Miljö", S, None, 0, []),
    ("Gratis kollektivtrafik för pensionärer",
     "Låt alla över 70 åka gratis med bussen utanför rusningstid.",
     None, "Trafik", P, None, 81, []),
    ("Kurs i att starta företag",
     "Många i kommunen funderar på att starta eget. Näringslivskontoret kunde ordna "
     "en kvällskurs i grunderna.",
     None, "Näringsliv", P, None, 22, []),
    ("Stäng av vägen förbi skolan",
     "Stäng av hela vägen för biltrafik. Den som inte håller med är en idiot.",
     "norrby", "Trafik", H, None, 0, []),
]

ANSWERS = {
    "accepted": "Tack för förslaget! Vi tycker att det är bra och har tagit med det i "
                "arbetet för nästa år.",
    "partly_accepted": "Tack för förslaget. Vi genomför en del av det nu, men allt ryms "
                       "inte i årets budget. Vi återkommer om resten.",
    "rejected": "Tack för förslaget. Vi kan tyvärr inte genomföra det, eftersom marken "
                "är avsatt för en ny skola i den fördjupade översiktsplanen.",
    "already_under_way": "Tack för förslaget. Det här arbetet pågår redan och du kan "
                         "följa det under kommunens åtgärder.",
}

HIDDEN_REASON = ("Förslaget innehåller ett nedsättande uttryck om andra. Skriv gärna "
                 "om det utan personangrepp, så publicerar vi det.")
