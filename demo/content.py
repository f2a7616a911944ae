"""The InduCult2.0 demo content: the client's own text from the original site (shared/seeds) and
facts from shared/content/FACTS.md. Anything else is marked as an example where it appears.

Each text is a dict by language; English is complete, German and Czech translate the overview and
the work packages so that switching languages and falling back to English are both visible.
"""

import datetime

PROJECT_START = datetime.date(2016, 6, 1)
PROJECT_END = datetime.date(2019, 5, 31)

HOME = {
    "title": {"en": "InduCult2.0", "de": "InduCult2.0", "cs": "InduCult2.0"},
    "slug": {"en": "home", "de": "start", "cs": "uvod"},
    "subtitle": {
        "en": "Industrial Heritage, Cultural Resources of Current Industries and Creative Pioneers – "
        "Utilizing Industrial Culture in Central Europe",
        "de": "Industrielles Erbe, kulturelle Ressourcen heutiger Industrien und kreative Pioniere – "
        "Industriekultur in Mitteleuropa nutzen",
        "cs": "Průmyslové dědictví, kulturní zdroje současného průmyslu a kreativní průkopníci – "
        "využití průmyslové kultury ve střední Evropě",
    },
    "nutshell": {
        "en": "<p>The project partnership has established the idea of Living Industrial Culture in Central "
        "Europe and revealed, strengthened and utilized the unique cultural spirit of industrial regions. "
        "They jointly set out to discover their industry-based culture for positioning themselves as "
        "appealing places for work, life and recreation. Past, present and future cultural assets related "
        "to industry have been used as one powerful force. Industrial Culture has become a dynamic concept "
        "mirroring earlier and ongoing transformations of industrial economy and actively shaping the "
        "cultural sphere of the affected communities.</p>",
        "de": "<p>Die Projektpartnerschaft hat die Idee einer lebendigen Industriekultur in Mitteleuropa "
        "etabliert und den einzigartigen kulturellen Geist der Industrieregionen sichtbar gemacht, gestärkt "
        "und genutzt. Gemeinsam haben sich die Partner aufgemacht, ihre industriell geprägte Kultur zu "
        "entdecken, um sich als attraktive Orte zum Arbeiten, Leben und Erholen zu positionieren. "
        "Vergangene, gegenwärtige und künftige kulturelle Werte der Industrie wurden als eine starke Kraft "
        "genutzt. Industriekultur ist zu einem dynamischen Konzept geworden, das frühere und laufende "
        "Umbrüche der industriellen Wirtschaft widerspiegelt und das kulturelle Leben der betroffenen "
        "Gemeinschaften aktiv gestaltet.</p>",
        "cs": "<p>Projektové partnerství prosadilo myšlenku živé průmyslové kultury ve střední Evropě a "
        "odhalilo, posílilo a využilo jedinečného kulturního ducha průmyslových regionů. Partneři se "
        "společně vydali objevovat svou kulturu spjatou s průmyslem, aby se představili jako atraktivní "
        "místa pro práci, život a odpočinek. Minulé, současné i budoucí kulturní hodnoty spojené s "
        "průmyslem byly využity jako jedna silná hnací síla. Průmyslová kultura se stala dynamickým "
        "konceptem, který odráží dřívější i probíhající proměny průmyslové ekonomiky a aktivně utváří "
        "kulturní život dotčených komunit.</p>",
    },
    "objectives_intro": {
        "en": "Together with local stakeholders, the partners set out to rediscover and develop the positive "
        "elements of industrial communities. Specifically, they intended to:",
        "de": "Gemeinsam mit lokalen Akteuren wollten die Partner die positiven Elemente industrieller "
        "Gemeinschaften wiederentdecken und weiterentwickeln. Im Einzelnen wollten sie:",
        "cs": "Partneři chtěli společně s místními aktéry znovu objevit a rozvíjet pozitivní prvky "
        "průmyslových komunit. Konkrétně měli v úmyslu:",
    },
    "objectives": {
        "en": [
            "Promote and establish the idea of Industrial Culture in Central Europe;",
            "Strengthen the distinct culture of industrial regions and utilise it as location factor;",
            "Empower industrial regions by re-activating their pioneer spirit.",
        ],
        "de": [
            "die Idee der Industriekultur in Mitteleuropa bekannt machen und etablieren;",
            "die besondere Kultur der Industrieregionen stärken und als Standortfaktor nutzen;",
            "Industrieregionen durch die Wiederbelebung ihres Pioniergeistes stärken.",
        ],
        "cs": [
            "propagovat a prosadit myšlenku průmyslové kultury ve střední Evropě;",
            "posílit osobitou kulturu průmyslových regionů a využít ji jako faktor lokality;",
            "posílit průmyslové regiony oživením jejich průkopnického ducha.",
        ],
    },
}

QUOTE = {
    "en": "InduCult2.0 wants to revive the cultural spirit of long-standing industrial regions in Central Europe.",
    "de": "InduCult2.0 möchte den kulturellen Geist traditionsreicher Industrieregionen in Mitteleuropa neu beleben.",
    "cs": "InduCult2.0 chce oživit kulturního ducha tradičních průmyslových regionů ve střední Evropě.",
}

WORK_PACKAGE_INDEX = {
    "title": {"en": "Work packages", "de": "Arbeitspakete", "cs": "Pracovní balíčky"},
    "slug": {"en": "work-packages", "de": "arbeitspakete", "cs": "pracovni-balicky"},
    "intro": {
        "en": "<p>Besides project management and communication, the partnership worked in four thematic "
        "work packages. Its methods included Appreciative Inquiry, transnational Learning Networks and "
        "regional focus groups.</p>",
        "de": "<p>Neben Projektmanagement und Kommunikation arbeitete die Partnerschaft in vier thematischen "
        "Arbeitspaketen. Zu ihren Methoden gehörten Appreciative Inquiry, transnationale Lernnetzwerke und "
        "regionale Fokusgruppen.</p>",
        "cs": "<p>Kromě řízení projektu a komunikace pracovalo partnerství ve čtyřech tematických pracovních "
        "balíčcích. Mezi jeho metody patřily Appreciative Inquiry, nadnárodní vzdělávací sítě a regionální "
        "fokusní skupiny.</p>",
    },
}

WORK_PACKAGES = [
    {
        "code": "T1",
        "title": {
            "en": "Establishing and promoting the concept of Industrial Culture",
            "de": "Das Konzept der Industriekultur etablieren und bekannt machen",
            "cs": "Zavedení a propagace konceptu průmyslové kultury",
        },
        "slug": {"en": "t1-establishing-the-concept", "de": "t1-konzept-etablieren", "cs": "t1-zavedeni-konceptu"},
        "summary": {
            "en": "The work package focused on the novelty of Industrial Culture itself: scientific work "
            "outlined its fundaments, and stakeholders developed strategic recommendations.",
            "de": "Das Arbeitspaket widmete sich dem Neuen an der Industriekultur selbst: Wissenschaftliche "
            "Arbeit legte ihre Grundlagen dar, und Akteure entwickelten strategische Empfehlungen.",
            "cs": "Pracovní balíček se zaměřil na novost samotné průmyslové kultury: vědecká práce vymezila "
            "její základy a zúčastnění aktéři vypracovali strategická doporučení.",
        },
        "objectives": {
            "en": "<p>The work package focused on the novelty of Industrial Culture itself. Scientific work "
            "has outlined its fundaments. Transnational and regional stakeholder involvements have led to the "
            "development of valuable strategic recommendations as can be found in the ‘Transnational Strategy "
            "Brochure’.</p><p>The strategy will be further promoted by a CE network on Industrial Culture, with "
            "coordinators present in each of the participating regions. The network will continue its "
            "cooperation beyond the project run-time, aiming at further enhancing acknowledgement of Industrial "
            "Culture as a central societal root in Central Europe.</p>",
            "de": "<p>Das Arbeitspaket widmete sich dem Neuen an der Industriekultur selbst. Wissenschaftliche "
            "Arbeit hat ihre Grundlagen umrissen. Die Beteiligung transnationaler und regionaler Akteure führte "
            "zu wertvollen strategischen Empfehlungen, nachzulesen in der „Transnational Strategy Brochure“.</p>"
            "<p>Die Strategie wird durch ein mitteleuropäisches Netzwerk für Industriekultur weiter verbreitet, "
            "mit Koordinatorinnen und Koordinatoren in jeder beteiligten Region. Das Netzwerk setzt seine "
            "Zusammenarbeit über die Projektlaufzeit hinaus fort, um Industriekultur als zentrale "
            "gesellschaftliche Wurzel Mitteleuropas weiter zur Geltung zu bringen.</p>",
            "cs": "<p>Pracovní balíček se zaměřil na novost samotné průmyslové kultury. Vědecká práce vymezila "
            "její základy. Zapojení nadnárodních a regionálních aktérů vedlo k cenným strategickým doporučením, "
            "která najdete v „Transnational Strategy Brochure“.</p><p>Strategii bude dále šířit "
            "středoevropská síť pro průmyslovou kulturu s koordinátory v každém zúčastněném regionu. Síť bude "
            "ve spolupráci pokračovat i po skončení projektu, aby dále posilovala uznání průmyslové kultury "
            "jako ústředního společenského kořene střední Evropy.</p>",
        },
        "outputs": [
            {
                "title": {
                    "en": "Transnational Strategy Brochure",
                    "de": "Transnational Strategy Brochure",
                    "cs": "Transnational Strategy Brochure",
                },
                "description": {
                    "en": "Strategic recommendations from transnational and regional stakeholder involvement.",
                    "de": "Strategische Empfehlungen aus der Beteiligung transnationaler und regionaler Akteure.",
                    "cs": "Strategická doporučení ze zapojení nadnárodních a regionálních aktérů.",
                },
            },
            {
                "title": {
                    "en": "Regional strategies and action plans",
                    "de": "Regionale Strategien und Aktionspläne",
                    "cs": "Regionální strategie a akční plány",
                },
                "description": {"en": "", "de": "", "cs": ""},
            },
            {
                "title": {
                    "en": "CE network of Industrial Culture coordinators",
                    "de": "Mitteleuropäisches Netzwerk der Industriekultur-Koordinatoren",
                    "cs": "Středoevropská síť koordinátorů průmyslové kultury",
                },
                "description": {
                    "en": "Coordinators in each participating region who continue the cooperation beyond the project run-time.",
                    "de": "Koordinatoren in jeder beteiligten Region, die die Zusammenarbeit "
                    "über die Projektlaufzeit hinaus fortsetzen.",
                    "cs": "Koordinátoři v každém zúčastněném regionu, kteří ve spolupráci pokračují i po skončení projektu.",
                },
            },
            {
                "title": {
                    "en": "Regional and transnational argumentation papers",
                    "de": "Regionale und transnationale Argumentationspapiere",
                    "cs": "Regionální a nadnárodní argumentační dokumenty",
                },
                "description": {
                    "en": "Among them output T1.3.1, the regional argumentation paper.",
                    "de": "Darunter der Output T1.3.1, das regionale Argumentationspapier.",
                    "cs": "Mezi nimi výstup T1.3.1, regionální argumentační dokument.",
                },
            },
        ],
    },
    {
        "code": "T2",
        "title": {
            "en": "Priming Industrial Culture as a unique feature of regional identity",
            "de": "Industriekultur als Alleinstellungsmerkmal regionaler Identität stärken",
            "cs": "Průmyslová kultura jako jedinečný rys regionální identity",
        },
        "slug": {"en": "t2-regional-identity", "de": "t2-regionale-identitaet", "cs": "t2-regionalni-identita"},
        "summary": {
            "en": "The work package primed Industrial Culture as a unique feature of the partner regions' identity.",
            "de": "Das Arbeitspaket stärkte Industriekultur als Alleinstellungsmerkmal der Identität der Partnerregionen.",
            "cs": "Pracovní balíček posiloval průmyslovou kulturu jako jedinečný rys identity partnerských regionů.",
        },
        "objectives": {"en": "", "de": "", "cs": ""},
        "outputs": [
            {
                "title": {
                    "en": "Mapping tool of touristic offers on Industrial Culture",
                    "de": "Kartenwerkzeug touristischer Angebote zur Industriekultur",
                    "cs": "Mapový nástroj turistických nabídek průmyslové kultury",
                },
                "description": {
                    "en": "Touristic offers on Industrial Culture in the partner regions, on a map.",
                    "de": "Touristische Angebote zur Industriekultur in den Partnerregionen auf einer Karte.",
                    "cs": "Turistické nabídky průmyslové kultury v partnerských regionech na mapě.",
                },
            },
        ],
    },
    {
        "code": "T3",
        "title": {
            "en": "Deploying Industrial Culture for securing the labour force",
            "de": "Industriekultur zur Fachkräftesicherung einsetzen",
            "cs": "Využití průmyslové kultury k zajištění pracovní síly",
        },
        "slug": {"en": "t3-labour-force", "de": "t3-fachkraeftesicherung", "cs": "t3-pracovni-sila"},
        "summary": {
            "en": "The work package deployed Industrial Culture for securing the labour force of the partner regions.",
            "de": "Das Arbeitspaket setzte Industriekultur zur Sicherung der Fachkräfte in den Partnerregionen ein.",
            "cs": "Pracovní balíček využíval průmyslovou kulturu k zajištění pracovní síly v partnerských regionech.",
        },
        "objectives": {"en": "", "de": "", "cs": ""},
        "outputs": [],
    },
    {
        "code": "T4",
        "title": {
            "en": "Fostering creativity and innovation",
            "de": "Kreativität und Innovation fördern",
            "cs": "Podpora kreativity a inovací",
        },
        "slug": {"en": "t4-creativity-and-innovation", "de": "t4-kreativitaet-und-innovation", "cs": "t4-kreativita-a-inovace"},
        "summary": {
            "en": "The work package drew on Industrial Culture to foster creativity and innovation in the partner regions.",
            # No German summary on purpose: T4 is the demo's partly translated page (translations overview).
            "cs": "Pracovní balíček využíval průmyslovou kulturu k podpoře kreativity a inovací v partnerských regionech.",
        },
        "objectives": {"en": "", "de": "", "cs": ""},
        "outputs": [],
    },
]

# The demo's outdated translation: the German summary of T2 is recorded as made from this earlier English
# wording (an example made up for the demo, never shown on the site), so the translations overview marks it
# outdated until a translator saves it again.
OUTDATED_TRANSLATION = {
    "work_package": "T2",
    "field": "summary",
    "language": "de",
    "earlier_english": "Example: an earlier wording of the summary, before the English text was revised.",
}

DEMO_TRANSLATORS = {"translator-de": "de", "translator-cs": "cs"}

# Sections whose own page types come with later work; until then a standard page lists the facts.
EXAMPLE_NOTE = {
    "en": "Example: this page is part of the demo content and its text is a placeholder, not the project's own.",
}

LEGAL_PAGES = [
    {
        "key": "imprint",
        "title": {"en": "Imprint", "de": "Impressum", "cs": "Tiráž"},
        "slug": {"en": "imprint", "de": "impressum", "cs": "tiraz"},
        "body": "<p>Example: the publisher's name, postal address and contact go here.</p>",
    },
    {
        "key": "privacy",
        "title": {"en": "Privacy", "de": "Datenschutz", "cs": "Ochrana soukromí"},
        "slug": {"en": "privacy", "de": "datenschutz", "cs": "ochrana-soukromi"},
        "body": "<p>Example: this site sets only the cookies it strictly needs (for the editors' login and "
        "form protection) and sends nothing to other websites on its own. Videos and the partner map come from "
        "other websites; they load only after you agree, and you can withdraw a remembered choice below. "
        "The controller's details go here.</p>",
        "privacy_choices": True,
    },
    {
        "key": "accessibility",
        "title": {"en": "Accessibility", "de": "Barrierefreiheit", "cs": "Přístupnost"},
        "slug": {"en": "accessibility", "de": "barrierefreiheit", "cs": "pristupnost"},
        "body": "<p>Example: this statement is a template for the publisher to complete.</p>"
        "<p>This website aims to meet the Web Content Accessibility Guidelines (WCAG) 2.1 at level AA, as the EU "
        "Web Accessibility Directive asks of public bodies. Its pages are tested automatically with axe-core in a "
        "real browser, can be used with a keyboard alone, follow the visitor's reduced-motion setting and print "
        "without navigation.</p>"
        "<h3>Report a problem</h3><p>If something on this site is hard to use for you, please write to "
        "accessibility@example.org (example address) and say which page and what happened. We answer within "
        "two weeks (example).</p>",
    },
]

PARTNER_INDEX = {
    "title": {"en": "Partners", "de": "Partner", "cs": "Partneři"},
    "slug": {"en": "partners", "de": "partner", "cs": "partneri"},
    "intro": {
        "en": "<p>10 partners in 8 countries: 8 long-standing industrial regions team up with 2 academic institutions, "
        "bringing together museums, companies, schools, research institutes and creative communities.</p>",
        "de": "<p>10 Partner in 8 Ländern: 8 traditionsreiche Industrieregionen arbeiten mit 2 wissenschaftlichen "
        "Einrichtungen zusammen und bringen Museen, Unternehmen, Schulen, Forschungsinstitute und kreative "
        "Gemeinschaften zusammen.</p>",
        "cs": "<p>10 partnerů v 8 zemích: 8 tradičních průmyslových regionů spolupracuje se 2 akademickými "
        "institucemi a spojuje muzea, firmy, školy, výzkumné ústavy a kreativní komunity.</p>",
    },
}

# From FACTS.md; coordinates are those of the town, approximately (the map needs no more).
PARTNERS = [
    {
        "title": {"en": "District of Zwickau", "de": "Landkreis Zwickau"},
        "slug": "district-of-zwickau",
        "short_name": "",
        "country": "DE",
        "kind": "region",
        "role": "lead",
        "town": {"en": "Zwickau"},
        "location": (50.7189, 12.4923),
        "description": {
            "en": "<p>The District of Zwickau was the lead partner of InduCult2.0. "
            "Its project coordinator was Carsten Debes.</p>",
            "de": "<p>Der Landkreis Zwickau war Lead Partner von InduCult2.0. Projektkoordinator war Carsten Debes.</p>",
            "cs": "<p>Okres Zwickau byl vedoucím partnerem projektu InduCult2.0. "
            "Jeho projektovým koordinátorem byl Carsten Debes.</p>",
        },
        "contacts": [
            {
                "name": "Carsten Debes",
                "role": {"en": "Project coordinator", "de": "Projektkoordinator", "cs": "Projektový koordinátor"},
            }
        ],
    },
    {
        "title": {"en": "Leibniz Institute for Regional Geography", "de": "Leibniz-Institut für Länderkunde"},
        "slug": "leibniz-institute-for-regional-geography",
        "short_name": "IfL",
        "country": "DE",
        "kind": "academic",
        "role": "partner",
        "town": {"en": "Leipzig"},
        "location": (51.3397, 12.3731),
    },
    {
        "title": {"en": "University of Graz, Department of Geography and Regional Science"},
        "slug": "university-of-graz",
        "short_name": "University of Graz",
        "country": "AT",
        "kind": "academic",
        "role": "partner",
        "town": {"en": "Graz"},
        "location": (47.0707, 15.4395),
    },
    {
        "title": {"en": "Municipality of Leoben", "de": "Stadtgemeinde Leoben"},
        "slug": "municipality-of-leoben",
        "short_name": "",
        "country": "AT",
        "kind": "region",
        "role": "partner",
        "town": {"en": "Leoben"},
        "location": (47.3765, 15.0914),
    },
    {
        "title": {"en": "Stebo Competence Centre Community Development"},
        "slug": "stebo",
        "short_name": "Stebo",
        "country": "BE",
        "kind": "region",
        "role": "partner",
        "town": {"en": "Genk"},
        "location": (50.9650, 5.5008),
    },
    {
        "title": {"en": "Sisak-Moslavina County"},
        "slug": "sisak-moslavina-county",
        "short_name": "",
        "country": "HR",
        "kind": "region",
        "role": "partner",
        "town": {"en": "Sisak"},
        "location": (45.4872, 16.3761),
    },
    {
        "title": {
            "en": "County Association of Local Action Groups of Karlovy Vary Region",
            "cs": "Krajské sdružení místních akčních skupin Karlovarského kraje",
        },
        "slug": "ksmas-kk",
        "short_name": "KSMAS KK",
        "country": "CZ",
        "kind": "region",
        "role": "partner",
        "town": {"en": "Karlovy Vary region", "de": "Region Karlsbad", "cs": "Karlovarský kraj"},
        "location": (50.2319, 12.8710),
        "description": {
            "en": "<p>KSMAS KK took part in the project InduCult2.0. The project was approved in the programme Interreg "
            "CENTRAL EUROPE (620 applications submitted, 35 projects approved). It dealt with industrial heritage, "
            "cultural resources of current industries and creative pioneers.</p>"
            "<p>The County Association of Local Action Groups (LAGs) of Karlovy Vary Region (KSMAS KK) set out to promote "
            "the added value of the concept of Industrial Culture by defining it and disseminating its ideas, and to "
            "create an industrial identity and a more attractive culture connected with industry through two pilot "
            "actions in the region, meant to verify the concept. Industrial Culture is often connected with Creative "
            "Industry, which is not often prevalent in the Czech Republic: the aim was to get the term of Creative "
            "Industry into public awareness, as the utilization of human creativity for more attractiveness of "
            "industry.</p>",
        },
        "pilot_actions": [
            {
                "title": {"en": "Mobile show-cases of regional production", "cs": "Mobilní expozice regionální výroby"},
                "summary": {
                    "en": "Promoting and presenting production processes connected with regional industry: mobile "
                    "show-cases as exhibitions of traditional procedures of production in the various factories.",
                    "cs": "Propagace a představení výrobních procesů spjatých s regionálním průmyslem: mobilní "
                    "expozice tradičních výrobních postupů v různých továrnách.",
                },
            },
            {
                "title": {
                    "en": "A cultural event on the traditions of regional industry",
                    "cs": "Kulturní akce o tradicích regionálního průmyslu",
                },
                "summary": {
                    "en": "A cultural event presenting the traditions of regional industry to the public.",
                    "cs": "Kulturní akce, která veřejnosti představí tradice regionálního průmyslu.",
                },
            },
        ],
    },
    {
        "title": {
            "en": "Padova Chamber of Commerce, Industry, Craft and Agriculture",
            "it": "Camera di Commercio, Industria, Artigianato e Agricoltura di Padova",
        },
        "slug": "padova-chamber-of-commerce",
        "short_name": "",
        "country": "IT",
        "kind": "region",
        "role": "partner",
        "town": {"en": "Padova", "de": "Padua", "it": "Padova"},
        "location": (45.4064, 11.8768),
    },
    {
        "title": {"en": "Opolskie Centre for Economy Development"},
        "slug": "opolskie-centre-for-economy-development",
        "short_name": "",
        "country": "PL",
        "kind": "region",
        "role": "partner",
        "town": {"en": "Opole"},
        "location": (50.6751, 17.9213),
    },
    {
        "title": {"en": "BSC – Business Support Centre Ltd., Kranj"},
        "slug": "bsc-kranj",
        "short_name": "BSC Kranj",
        "country": "SI",
        "kind": "region",
        "role": "partner",
        "town": {"en": "Kranj"},
        "location": (46.2389, 14.3556),
    },
]

EVENT_INDEX = {
    "title": {"en": "Events", "de": "Veranstaltungen", "cs": "Akce", "hr": "Događanja"},
    "slug": {"en": "events", "de": "veranstaltungen", "cs": "akce", "hr": "dogadanja"},
    "intro": {"en": "<p>The partnership's meetings, workshops and conferences.</p>"},
}

EVENT_TYPES = [
    {
        "slug": "partnership-meeting",
        "name": {"en": "Partnership meeting", "de": "Partnertreffen", "cs": "Setkání partnerů", "hr": "Sastanak partnerstva"},
    },
    {"slug": "workshop", "name": {"en": "Workshop", "de": "Workshop", "cs": "Workshop", "hr": "Radionica"}},
    {"slug": "conference", "name": {"en": "Conference", "de": "Konferenz", "cs": "Konference", "hr": "Konferencija"}},
    {
        "slug": "study-tour",
        "name": {"en": "Study tour", "de": "Studienreise", "cs": "Studijní cesta", "hr": "Studijsko putovanje"},
    },
    {
        "slug": "dissemination-event",
        "name": {
            "en": "Dissemination event",
            "de": "Informationsveranstaltung",
            "cs": "Diseminační akce",
            "hr": "Diseminacijski događaj",
        },
    },
]


def _slot(start, end, kind, title, *, sub_items=(), audience="", description=""):
    return {
        "start": start,
        "end": end,
        "kind": kind,
        "title": title,
        "description": description,
        "sub_items": list(sub_items),
        "audience": audience,
        "venue": "",
    }


# The agenda exactly as the original site published it (shared/seeds/001_*.txt).
FIFTH_MEETING_AGENDA = [
    {
        "date": "2018-10-15",
        "town": "Sisak",
        "slots": [
            _slot(
                "10:00",
                "12:30",
                "study_tour",
                "Pre-meeting study tour: visiting the company Applied Ceramics and the entrepreneurial incubator PISAK",
            ),
            _slot("13:00", "14:00", "meal", "Lunch"),
            _slot("14:00", "14:30", "session", "Welcoming"),
            _slot(
                "14:30",
                "16:00",
                "session",
                "Progress Communication",
                sub_items=[
                    "Travelling caravan",
                    "National dissemination events",
                    "Preparing final conference",
                    "Movie on Industrial Culture",
                    "Transnational Argumentation Brochure",
                ],
            ),
            _slot("16:00", "16:30", "break", "Break"),
            _slot(
                "16:30",
                "18:00",
                "session",
                "Progress WP T1",
                sub_items=[
                    "Regional strategies / final action plans",
                    "Transnational strategy discussion",
                    "Preparing CE network of coordinators",
                    "Mapping Tool (T2)",
                ],
            ),
        ],
    },
    {
        "date": "2018-10-16",
        "town": "Sisak",
        "slots": [
            _slot("09:00", "10:00", "session", "Parallel work group sessions T2 / T3 / T4"),
            _slot(
                "10:15",
                "13:15",
                "session",
                "Carousel",
                description="Partners presenting selected T2–T4 results in parallel sessions.",
            ),
            _slot("13:15", "14:30", "meal", "Lunch"),
            _slot("14:30", "16:30", "session", "5th Steering Committee meeting", audience="Partner coordinators"),
            _slot("14:30", "16:30", "study_tour", "Study or city tour", audience="Other participants"),
            _slot("17:00", "20:00", "transfer", "Transfer to Kranj (Slovenia)"),
        ],
    },
    {
        "date": "2018-10-17",
        "town": "Kranj",
        "slots": [
            _slot(
                "09:00",
                "17:00",
                "study_tour",
                "Post-meeting study tour: Elan factory, creative hub in Škofja Loka and landmark of the shoe industry in Tržič",
            ),
            _slot("19:00", None, "social", "Farewell dinner"),
        ],
    },
]

# Only what FACTS.md and the seeds say; "owner" is the partner page (by slug) the event lives under.
EVENTS = [
    {
        "slug": "kick-off-meeting-leoben",
        "owner": "municipality-of-leoben",
        "type": "partnership-meeting",
        "title": {"en": "Kick-off and 1st partnership meeting", "de": "Auftakt und 1. Partnertreffen"},
        "start": "2016-10-12",
        "end": "2016-10-14",
        "precision": "day",
        "time_zone": "Europe/Vienna",
        "hosts": ["municipality-of-leoben"],
        "venues": [{"name": "Leoben", "town": "Leoben", "country": "AT"}],
        "summary": {
            "en": "The partnership's kick-off meeting, with an excursion to a steel company in Leoben.",
            "de": "Das Auftakttreffen der Partnerschaft, mit einer Exkursion zu einem Stahlunternehmen in Leoben.",
        },
    },
    {
        "slug": "2nd-partnership-meeting-padova",
        "owner": "padova-chamber-of-commerce",
        "type": "partnership-meeting",
        "title": {"en": "2nd partnership meeting", "de": "2. Partnertreffen", "it": "2° incontro di partenariato"},
        "start": "2017-04-05",
        "end": "2017-04-07",
        "precision": "day",
        "time_zone": "Europe/Rome",
        "hosts": ["padova-chamber-of-commerce"],
        "venues": [{"name": "Padova", "town": "Padova", "country": "IT"}],
        "summary": {"en": "The second meeting of the partnership, in Padova."},
    },
    {
        "slug": "3rd-partnership-meeting-opole",
        "owner": "opolskie-centre-for-economy-development",
        "type": "partnership-meeting",
        "title": {"en": "3rd partnership meeting", "de": "3. Partnertreffen"},
        "start": "2017-10-01",
        "end": "2017-10-31",
        "precision": "month",
        "time_zone": "Europe/Warsaw",
        "hosts": ["opolskie-centre-for-economy-development"],
        "venues": [{"name": "Opole", "town": "Opole", "country": "PL"}],
        "summary": {"en": "The third meeting of the partnership, hosted by the Opolskie Centre for Economy Development."},
    },
    {
        "slug": "workshop-forging-industrial-culture",
        "owner": None,
        "type": "workshop",
        "title": {"en": "Workshop “Forging Industrial Culture”", "de": "Workshop „Forging Industrial Culture“"},
        "start": "2018-09-29",
        "end": "2018-09-29",
        "precision": "day",
        "time_zone": "Europe/Berlin",
        "hosts": [],
        "venues": [{"name": "Chemnitz", "town": "Chemnitz", "country": "DE"}],
        "summary": {
            "en": "Visitors tested their forging skills and 3D talents and created their very personal leaf "
            "together with a blacksmith."
        },
        "body": {
            "en": "<p>Share your story and impressions of the industrial past, present and future of this beautiful "
            "region, and let your leaf become part of an impressive artwork shaped like a tree. Branches will be "
            "produced in Poland, Austria, Czech Republic, Croatia, Slovenia, Italy, Belgium and Germany.</p>"
        },
    },
    {
        "slug": "5th-partnership-meeting-sisak-kranj",
        "owner": "sisak-moslavina-county",
        "type": "partnership-meeting",
        "title": {
            "en": "5th partnership meeting",
            "de": "5. Partnertreffen",
            "hr": "5. sastanak partnerstva",
            "sl": "5. srečanje partnerstva",
        },
        "start": "2018-10-15",
        "end": "2018-10-17",
        "precision": "day",
        "time_zone": "Europe/Zagreb",
        "hosts": ["sisak-moslavina-county", "bsc-kranj"],
        "venues": [{"name": "Sisak", "town": "Sisak", "country": "HR"}, {"name": "Kranj", "town": "Kranj", "country": "SI"}],
        "summary": {
            "en": "The partnership met for the last time before the final event in April 2019, in Sisak (Croatia) and "
            "Kranj (Slovenia), to present and discuss the first implementation results.",
            "de": "Die Partnerschaft traf sich zum letzten Mal vor der Abschlussveranstaltung im April 2019, in Sisak "
            "(Kroatien) und Kranj (Slowenien), um erste Umsetzungsergebnisse vorzustellen und zu diskutieren.",
            "hr": "Partnerstvo se posljednji put prije završnog događaja u travnju 2019. sastalo u Sisku (Hrvatska) i "
            "Kranju (Slovenija) kako bi predstavilo i raspravilo prve rezultate provedbe.",
        },
        "agenda": FIFTH_MEETING_AGENDA,
    },
    {
        "slug": "final-conference",
        "owner": None,
        "type": "conference",
        "title": {"en": "Final conference", "de": "Abschlusskonferenz"},
        "start": "2019-04-01",
        "end": "2019-04-30",
        "precision": "month",
        "time_zone": "Europe/Berlin",
        "hosts": [],
        "venues": [],
        "summary": {"en": "The project's final event."},
    },
]

PUBLICATION_INDEX = {
    "title": {"en": "Publications", "de": "Publikationen", "cs": "Publikace"},
    "slug": {"en": "publications", "de": "publikationen", "cs": "publikace"},
    "intro": {"en": "<p>The project's outputs: strategies, papers, books and minutes, each in the languages it exists in.</p>"},
}

PUBLICATION_TYPES = [
    ("strategy", {"en": "Strategy", "de": "Strategie", "cs": "Strategie"}, "report", False),
    ("brochure", {"en": "Brochure", "de": "Broschüre", "cs": "Brožura"}, "report", False),
    ("book", {"en": "Book", "de": "Buch", "cs": "Kniha"}, "book", True),
    (
        "scientific-article",
        {"en": "Scientific article", "de": "Wissenschaftlicher Artikel", "cs": "Odborný článek"},
        "article",
        True,
    ),
    ("input-paper", {"en": "Input paper", "de": "Input-Papier", "cs": "Podkladový dokument"}, "report", False),
    ("framework-paper", {"en": "Framework paper", "de": "Rahmenpapier", "cs": "Rámcový dokument"}, "report", False),
    (
        "argumentation-paper",
        {"en": "Argumentation paper", "de": "Argumentationspapier", "cs": "Argumentační dokument"},
        "report",
        False,
    ),
    ("action-plan", {"en": "Action plan", "de": "Aktionsplan", "cs": "Akční plán"}, "report", False),
    ("minutes", {"en": "Minutes", "de": "Protokoll", "cs": "Zápis"}, "report", False),
    ("report", {"en": "Report", "de": "Bericht", "cs": "Zpráva"}, "report", False),
    ("video", {"en": "Video", "de": "Video", "cs": "Video"}, "video", False),
]

UNKNOWN_DATE_NOTE = " (Example: the publication date is a placeholder, the end of the project.)"

# The publications FACTS.md and the seeds name; "owner" is the partner page (by slug) it lives under.
PUBLICATIONS = [
    {
        "slug": "transnational-strategy-brochure",
        "owner": None,
        "type": "brochure",
        "work_package": "T1",
        "code": "",
        "title": {"en": "Transnational Strategy Brochure"},
        "date": "2019-05-31",
        "featured": True,
        "partners": [],
        "abstract": {
            "en": "<p>Strategic recommendations on Industrial Culture, developed with transnational and regional "
            "stakeholders in work package T1." + UNKNOWN_DATE_NOTE + "</p>"
        },
        "languages": ["en"],
    },
    {
        "slug": "the-transformative-power-of-industrial-culture",
        "owner": None,
        "type": "book",
        "work_package": "T1",
        "code": "",
        "title": {"en": "The Transformative Power of Industrial Culture – From Concepts to Actions"},
        "date": "2019-05-31",
        "featured": True,
        "partners": [],
        "abstract": {
            "en": "<p>The scientific publication on how the partnership has revealed the transformative power of "
            "Industrial Culture." + UNKNOWN_DATE_NOTE + "</p>"
        },
        "languages": ["en"],
    },
    {
        "slug": "new-industrial-culture-in-central-europe",
        "owner": None,
        "type": "report",
        "work_package": "",
        "code": "",
        "title": {"en": "New Industrial Culture in Central Europe"},
        "date": "2019-05-31",
        "featured": False,
        "partners": [],
        "abstract": {"en": "<p>A publication of the InduCult2.0 partnership." + UNKNOWN_DATE_NOTE + "</p>"},
        "languages": ["en"],
    },
    {
        "slug": "t1-3-1-regional-argumentation-paper",
        "owner": "ksmas-kk",
        "type": "argumentation-paper",
        "work_package": "T1",
        "code": "T1.3.1",
        "title": {"en": "Regional argumentation paper", "cs": "Regionální argumentační dokument"},
        "date": "2019-05-31",
        "featured": False,
        "partners": ["ksmas-kk"],
        "abstract": {
            "en": "<p>KSMAS KK's regional argumentation paper, output T1.3.1 of InduCult2.0." + UNKNOWN_DATE_NOTE + "</p>"
        },
        "languages": ["en", "cs"],
    },
    {
        "slug": "minutes-e-launch-meeting-2016-06-29",
        "owner": None,
        "type": "minutes",
        "work_package": "",
        "code": "",
        "title": {"en": "Minutes of the e-launch meeting of 29 June 2016 (Annex 2)"},
        "date": "2016-06-29",
        "featured": False,
        "partners": [],
        "abstract": {"en": "<p>Minutes of the project's e-launch meeting on 29 June 2016.</p>"},
        "languages": ["en"],
    },
]
