"""Generate a realistic, valid agreements repository for benchmarks.

    python bench/generate.py OUT --agreements 100 --signatories 100 [--seed 7] [--no-git]

N agreements, each with M signatories, modelled on the demo agreement in tests/fixtures/repo:
prose sections, 4-7 principles with actions, responsibilities and commitments, one or two
governance bodies with a member file each, and terms for joining, withdrawal, follow-up and
validity. Signatories are fictitious organisations with valid organisation numbers (python-stdnum's
Luhn check digit; the third digit is 2 or more, so none is a personal identity number), contact
persons and authorised signers, and membership histories in realistic proportions: about 10 %
withdrawn, about 3 % withdrawn and rejoined, annual reports (a few missing) where the agreement asks
for them. The same seed gives byte-identical files.

OUT becomes a git repository with everything committed once (fixed author and dates), so `overens
sign` can be measured in it. Every file is valid against the shipped schemas and the cross-file
checks of `overens validate`.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from stdnum import luhn

from overens.model import canonical
from overens.model.identity import name_key, slugify
from overens.store import yaml_write

GENERATOR_VERSION = "2"
"""Bump when the output changes, so run.py rebuilds cached corpora."""

AS_OF = dt.date(2025, 6, 30)
"""The day the corpus describes: reports up to last year are in, nothing is dated later."""

SCHEMA_PATH = {"agreement": "../../schemas/agreement.schema.json"}
"""Each file names its schema by a relative path, as overens writes them (decision 0008)."""

GIT_ENV = {
    "GIT_AUTHOR_NAME": "overens bench",
    "GIT_AUTHOR_EMAIL": "bench@example.se",
    "GIT_COMMITTER_NAME": "overens bench",
    "GIT_COMMITTER_EMAIL": "bench@example.se",
    "GIT_AUTHOR_DATE": "2025-06-30T12:00:00+0200",
    "GIT_COMMITTER_DATE": "2025-06-30T12:00:00+0200",
    "GIT_CONFIG_NOSYSTEM": "1",
}

# --------------------------------------------------------------------------- word lists

MUNICIPALITIES = [
    "Ale",
    "Alingsås",
    "Alvesta",
    "Aneby",
    "Arboga",
    "Arjeplog",
    "Arvidsjaur",
    "Arvika",
    "Askersund",
    "Avesta",
    "Bengtsfors",
    "Berg",
    "Bjurholm",
    "Bjuv",
    "Boden",
    "Bollebygd",
    "Bollnäs",
    "Borgholm",
    "Borlänge",
    "Borås",
    "Botkyrka",
    "Boxholm",
    "Bromölla",
    "Bräcke",
    "Burlöv",
    "Båstad",
    "Dals-Ed",
    "Danderyd",
    "Degerfors",
    "Dorotea",
    "Eda",
    "Ekerö",
    "Eksjö",
    "Emmaboda",
    "Enköping",
    "Eskilstuna",
    "Eslöv",
    "Essunga",
    "Fagersta",
    "Falkenberg",
    "Falköping",
    "Falun",
    "Filipstad",
    "Finspång",
    "Flen",
    "Forshaga",
    "Färgelanda",
    "Gagnef",
    "Gislaved",
    "Gnesta",
    "Gnosjö",
    "Gotland",
    "Grums",
    "Grästorp",
    "Gullspång",
    "Gällivare",
    "Gävle",
    "Göteborg",
    "Götene",
    "Habo",
    "Hagfors",
    "Hallsberg",
    "Hallstahammar",
    "Halmstad",
    "Hammarö",
    "Haninge",
    "Haparanda",
    "Heby",
    "Hedemora",
    "Helsingborg",
    "Herrljunga",
    "Hjo",
    "Hofors",
    "Huddinge",
    "Hudiksvall",
    "Hultsfred",
    "Hylte",
    "Håbo",
    "Hällefors",
    "Härjedalen",
    "Härnösand",
    "Härryda",
    "Hässleholm",
    "Höganäs",
    "Högsby",
    "Hörby",
    "Höör",
    "Jokkmokk",
    "Järfälla",
    "Jönköping",
    "Kalix",
    "Kalmar",
    "Karlsborg",
    "Karlshamn",
    "Karlskoga",
    "Karlskrona",
    "Karlstad",
    "Katrineholm",
    "Kil",
    "Kinda",
    "Kiruna",
    "Klippan",
    "Knivsta",
    "Kramfors",
    "Kristianstad",
    "Kristinehamn",
    "Krokom",
    "Kumla",
    "Kungsbacka",
    "Kungsör",
    "Kungälv",
    "Kävlinge",
    "Köping",
    "Laholm",
    "Landskrona",
    "Laxå",
    "Lekeberg",
    "Leksand",
    "Lerum",
    "Lessebo",
    "Lidingö",
    "Lidköping",
    "Lilla Edet",
    "Lindesberg",
    "Linköping",
    "Ljungby",
    "Ljusdal",
    "Ljusnarsberg",
    "Lomma",
    "Ludvika",
    "Luleå",
    "Lund",
    "Lycksele",
    "Lysekil",
    "Malmö",
    "Malung-Sälen",
    "Malå",
    "Mariestad",
    "Mark",
    "Markaryd",
    "Mellerud",
    "Mjölby",
    "Mora",
    "Motala",
    "Mullsjö",
    "Munkedal",
    "Munkfors",
    "Mölndal",
    "Mönsterås",
    "Mörbylånga",
    "Nacka",
    "Nora",
    "Norberg",
    "Nordanstig",
    "Nordmaling",
    "Norrköping",
    "Norrtälje",
    "Norsjö",
    "Nybro",
    "Nykvarn",
    "Nyköping",
    "Nynäshamn",
    "Nässjö",
    "Ockelbo",
    "Olofström",
    "Orsa",
    "Orust",
    "Osby",
    "Oskarshamn",
    "Ovanåker",
    "Oxelösund",
    "Pajala",
    "Partille",
    "Perstorp",
    "Piteå",
    "Ragunda",
    "Robertsfors",
    "Ronneby",
    "Rättvik",
    "Sala",
    "Salem",
    "Sandviken",
    "Sigtuna",
    "Simrishamn",
    "Sjöbo",
    "Skara",
    "Skellefteå",
    "Skinnskatteberg",
    "Skurup",
    "Skövde",
    "Smedjebacken",
    "Sollefteå",
    "Sollentuna",
    "Solna",
    "Sorsele",
    "Sotenäs",
    "Staffanstorp",
    "Stenungsund",
    "Stockholm",
    "Storfors",
    "Storuman",
    "Strängnäs",
    "Strömstad",
    "Strömsund",
    "Sundbyberg",
    "Sundsvall",
    "Sunne",
    "Surahammar",
    "Svalöv",
    "Svedala",
    "Svenljunga",
    "Säffle",
    "Säter",
    "Sävsjö",
    "Söderhamn",
    "Söderköping",
    "Södertälje",
    "Sölvesborg",
    "Tanum",
    "Tibro",
    "Tidaholm",
    "Tierp",
    "Timrå",
    "Tingsryd",
    "Tjörn",
    "Tomelilla",
    "Torsby",
    "Torsås",
    "Tranemo",
    "Tranås",
    "Trelleborg",
    "Trollhättan",
    "Trosa",
    "Tyresö",
    "Täby",
    "Töreboda",
    "Uddevalla",
    "Ulricehamn",
    "Umeå",
    "Upplands Väsby",
    "Upplands-Bro",
    "Uppsala",
    "Uppvidinge",
    "Vadstena",
    "Vaggeryd",
    "Valdemarsvik",
    "Vallentuna",
    "Vansbro",
    "Vara",
    "Varberg",
    "Vaxholm",
    "Vellinge",
    "Vetlanda",
    "Vilhelmina",
    "Vimmerby",
    "Vindeln",
    "Vingåker",
    "Vårgårda",
    "Vänersborg",
    "Vännäs",
    "Värmdö",
    "Värnamo",
    "Västervik",
    "Västerås",
    "Växjö",
    "Ydre",
    "Ystad",
    "Åmål",
    "Ånge",
    "Åre",
    "Årjäng",
    "Åsele",
    "Åstorp",
    "Åtvidaberg",
    "Älmhult",
    "Älvdalen",
    "Älvkarleby",
    "Älvsbyn",
    "Ängelholm",
    "Öckerö",
    "Ödeshög",
    "Örebro",
    "Örkelljunga",
    "Örnsköldsvik",
    "Östersund",
    "Österåker",
    "Östhammar",
    "Östra Göinge",
    "Överkalix",
    "Övertorneå",
]

# Håbo and Habo share a slug; an agreement's id is its municipality's slug.
MUNICIPALITIES = [
    m
    for i, m in enumerate(MUNICIPALITIES)
    if all(slugify(m) != slugify(o) for o in MUNICIPALITIES[:i])
]

PLACES = [
    "Backa",
    "Berga",
    "Bjärred",
    "Björkö",
    "Brännö",
    "Dalby",
    "Ekeby",
    "Enskede",
    "Fjärås",
    "Forsby",
    "Fristad",
    "Furulund",
    "Gammelstad",
    "Genarp",
    "Getinge",
    "Glommen",
    "Grimslöv",
    "Hammar",
    "Harplinge",
    "Holm",
    "Hova",
    "Husby",
    "Hälleberga",
    "Höljes",
    "Ingelstad",
    "Kareby",
    "Kinna",
    "Kvibille",
    "Lerberg",
    "Lindome",
    "Ljung",
    "Löddeköpinge",
    "Marieholm",
    "Mellbystrand",
    "Mörrum",
    "Norrby",
    "Nösund",
    "Oxie",
    "Påarp",
    "Rimbo",
    "Rydöbruk",
    "Rävlanda",
    "Simlångsdalen",
    "Skanör",
    "Skummeslöv",
    "Slöinge",
    "Sandby",
    "Stensjö",
    "Sunnersberg",
    "Tofta",
    "Torup",
    "Trönninge",
    "Tvååker",
    "Ullared",
    "Veinge",
    "Vessigebro",
    "Vinberg",
    "Åby",
    "Älvsered",
    "Ösmo",
    "Övraby",
]

QUALIFIERS = [
    "Norra",
    "Södra",
    "Östra",
    "Västra",
    "Nya",
    "Gamla",
    "Övre",
    "Nedre",
    "Stora",
    "Lilla",
]

KINDS = [
    ("idrottsförening", "ideell förening"),
    ("hembygdsförening", "ideell förening"),
    ("bygdegårdsförening", "ekonomisk förening"),
    ("scoutkår", "ideell förening"),
    ("föräldraförening", "ideell förening"),
    ("pensionärsförening", "ideell förening"),
    ("kulturförening", "ideell förening"),
    ("folkdanslag", "ideell förening"),
    ("musiksällskap", "ideell förening"),
    ("schackklubb", "ideell förening"),
    ("ryttarförening", "ideell förening"),
    ("rödakorskrets", "ideell förening"),
    ("kvinnojour", "ideell förening"),
    ("brottsofferjour", "ideell förening"),
    ("hyresgästförening", "ideell förening"),
    ("naturskyddsförening", "ideell förening"),
    ("friluftsförening", "ideell förening"),
    ("församling", "trossamfund"),
    ("missionsförsamling", "trossamfund"),
    ("fritidsgårdsstiftelse", "stiftelse"),
    ("folkhögskolestiftelse", "stiftelse"),
    ("konstförening", "ideell förening"),
    ("byalag", "ideell förening"),
    ("lokalhistoriska förening", "ideell förening"),
    ("ungdomsförening", "ideell förening"),
]

FIRST_NAMES = [
    "Anna",
    "Eva",
    "Maria",
    "Karin",
    "Sara",
    "Lena",
    "Kerstin",
    "Emma",
    "Ingrid",
    "Malin",
    "Sofia",
    "Linnéa",
    "Elin",
    "Ida",
    "Johanna",
    "Åsa",
    "Birgitta",
    "Lars",
    "Anders",
    "Johan",
    "Per",
    "Karl",
    "Erik",
    "Mikael",
    "Peter",
    "Jan",
    "Hans",
    "Fredrik",
    "Björn",
    "Mats",
    "Oskar",
    "Ali",
    "Fatima",
    "Mohammed",
    "Amira",
    "Jonas",
    "Niklas",
    "Göran",
    "Örjan",
    "Ulf",
    "Agneta",
    "Yusuf",
    "Hanna",
]
SURNAMES = [
    "Andersson",
    "Johansson",
    "Karlsson",
    "Nilsson",
    "Eriksson",
    "Larsson",
    "Olsson",
    "Persson",
    "Svensson",
    "Gustafsson",
    "Pettersson",
    "Jonsson",
    "Jansson",
    "Hansson",
    "Bengtsson",
    "Jönsson",
    "Lindberg",
    "Jakobsson",
    "Magnusson",
    "Olofsson",
    "Lindström",
    "Lindqvist",
    "Lindgren",
    "Berg",
    "Axelsson",
    "Bergström",
    "Lundberg",
    "Lind",
    "Lundgren",
    "Mattsson",
    "Berglund",
    "Fredriksson",
    "Sandberg",
    "Henriksson",
    "Ali",
    "Mohammed",
    "Holm",
    "Nyström",
    "Åberg",
    "Öberg",
    "Ek",
    "Hedlund",
]
TITLES = [
    "Ordförande",
    "Ordförande",
    "Ordförande",
    "Verksamhetschef",
    "Vice ordförande",
    "Kassör",
    "Föreståndare",
    "Generalsekreterare",
]
REASONS = [
    "Föreningen har upplösts.",
    "Styrelsebeslut.",
    "Verksamheten har gått upp i en annan förening.",
    "Årsmötesbeslut.",
    "Föreningen saknar resurser att delta i uppföljningen.",
]

PRINCIPLES = [
    (
        "Självständighet och oberoende",
        "De idéburna organisationerna har rätt att självständigt utforma sin verksamhet, driva "
        "opinion och kritisera det offentliga, oavsett ekonomiskt stöd.",
    ),
    (
        "Dialog",
        "Genom dialog hittar parterna områden där de kan stärka varandra och utveckla samarbetet.",
    ),
    ("Kvalitet", "Parterna enas om vilka kvalitetskrav som gäller och hur kvaliteten följs upp."),
    (
        "Långsiktighet",
        "Samarbetet bygger på långsiktiga förutsättningar som överlever mandatperioder.",
    ),
    ("Öppenhet och insyn", "Parterna redovisar öppet hur resurser används och hur beslut fattas."),
    ("Mångfald", "Parterna verkar för en mångfald av organisationer och av människor som deltar."),
    ("Lärande", "Parterna tar tillvara varandras kunskap och lär av varandras erfarenheter."),
]


# --------------------------------------------------------------------------- helpers


def org_number(rng: random.Random, prefix: str, taken: set[str]) -> str:
    """A valid, unused organisation number NNNNNN-NNNN starting with ``prefix``.

    The third digit is 2 or more (the prefixes guarantee it), which is what tells an organisation
    number from a personal identity number; the tenth digit is the Luhn check digit.
    """
    while True:
        body = prefix + "".join(rng.choice("0123456789") for _ in range(9 - len(prefix)))
        number = body + luhn.calc_check_digit(body)
        formatted = f"{number[:6]}-{number[6:]}"
        if formatted not in taken:
            taken.add(formatted)
            return formatted


def person(rng: random.Random) -> str:
    return f"{rng.choice(FIRST_NAMES)} {rng.choice(SURNAMES)}"


def day_between(rng: random.Random, start: dt.date, end: dt.date) -> dt.date:
    if end <= start:
        return start
    return start + dt.timedelta(days=rng.randrange((end - start).days + 1))


def iso(day: dt.date) -> str:
    return day.isoformat()


def write(path: Path, data: dict[str, Any], kind: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    schema = SCHEMA_PATH.get(kind, f"../../../schemas/{kind}.schema.json")
    path.write_text(yaml_write.dump(data, schema_comment=schema), encoding="utf-8")


def organisation_names(rng: random.Random, count: int) -> list[tuple[str, str]]:
    """``count`` distinct (name, legal form) pairs: plain names first, qualified ones when needed."""
    plain = [(f"{place} {kind}", form) for place in PLACES for kind, form in KINDS]
    rng.shuffle(plain)
    pool = plain
    if count > len(plain):
        qualified = [
            (f"{q} {place} {kind}", form)
            for q in QUALIFIERS
            for place in PLACES
            for kind, form in KINDS
        ]
        rng.shuffle(qualified)
        pool = plain + qualified
    if count > len(pool):
        raise SystemExit(f"at most {len(pool)} signatories per agreement")
    names, keys, slugs = [], set(), set()
    for name, form in pool:
        name = name[0].upper() + name[1:]
        if name_key(name) in keys or slugify(name) in slugs:
            continue
        keys.add(name_key(name))
        slugs.add(slugify(name))
        names.append((name, form))
        if len(names) == count:
            break
    return names


# --------------------------------------------------------------------------- agreement


@dataclass
class AgreementPlan:
    id: str
    public_name: str
    adopted: dt.date
    versions: list[tuple[str, dt.date, str]]
    """(version, from date, text_sha256), oldest first."""
    democratic_values: bool
    approval: bool
    notice_days: int
    report_kinds: list[str]
    bodies: list[dict[str, Any]]
    municipalities: list[str]


def agreement_doc(
    rng: random.Random, index: int, municipality: str
) -> tuple[dict[str, Any], list[dict[str, Any]], AgreementPlan]:
    aid = (
        slugify(municipality) if index < len(MUNICIPALITIES) else f"{slugify(municipality)}-{index}"
    )
    public = f"{municipality} kommun"
    adopted = dt.date(rng.randint(2012, 2021), rng.randint(1, 12), rng.randint(1, 28))
    democratic_values = rng.random() < 0.5
    approval = rng.random() < 0.6
    notice_days = rng.choice([0, 30, 30, 90])
    report_kinds = ["annual-report"] if rng.random() < 0.6 else []
    if report_kinds and rng.random() < 0.3:
        report_kinds.append("financial-report")

    seats = [
        {
            "id": "ideburna",
            "label": "Representanter från den idéburna sektorn",
            "sector": "ideburen",
            "role": "representative",
            "count": rng.choice([4, 6, 8]),
        },
        {
            "id": "kommunen",
            "label": f"Tjänstepersoner från {public}",
            "sector": "offentlig",
            "organisation": public,
            "role": "official",
            "count": 3,
            "personal_substitutes": 3,
        },
        {
            "id": "lansstyrelsen",
            "label": "Adjungerad från Länsstyrelsen",
            "organisation": "Länsstyrelsen",
            "role": "co_opted",
            "count": 1,
        },
    ]
    bodies = [
        {
            "id": "arbetsgrupp",
            "name": "Arbetsgruppen",
            "purpose": "Arbetsgruppen samordnar arbetet med överenskommelsen och förbereder den årliga konferensen.",
            "appointment": "Representanterna utses av respektive part för två år i taget.",
            "seats": seats,
        }
    ]
    if rng.random() < 0.4:
        bodies.append(
            {
                "id": "partnerskap",
                "name": "Partnerskapet",
                "parity": True,
                "purpose": "Partnerskapet följer överenskommelsen och tar initiativ till revidering.",
                "seats": [
                    {
                        "id": "ideburen-sektor",
                        "label": "Idéburen sektor",
                        "sector": "ideburen",
                        "role": "representative",
                        "count": 5,
                    },
                    {
                        "id": "politiker",
                        "label": "Förtroendevalda",
                        "sector": "offentlig",
                        "organisation": public,
                        "role": "politician",
                        "count": 5,
                    },
                ],
            }
        )

    sections = [
        {
            "id": "bakgrund",
            "title": "Bakgrund",
            "text": f"Överenskommelsen mellan {public} och den idéburna sektorn i {municipality} bygger på "
            "den nationella överenskommelsen från 2008.\n\nDen har tagits fram i dialog mellan parterna "
            "under ett års arbete.\n",
        },
        {
            "id": "syfte",
            "title": "Syfte",
            "text": "Syftet är att stärka den idéburna sektorns roll som röstbärare och opinionsbildare och "
            "att utveckla samverkan mellan parterna.\n",
        },
        {
            "id": "malbild",
            "title": f"Målbild {adopted.year + 5}",
            "placement": "after_principles",
            "items": [
                "Fler människor engagerar sig ideellt.",
                "Parterna samverkar långsiktigt.",
                "Överenskommelsen är känd i hela kommunen.",
            ],
        },
    ]
    terms: dict[str, Any] = {
        "contact_person": {
            "required": True,
            "text": "Varje signerande organisation utser en kontaktperson.",
        },
        "joining": {
            "open_to": ["ideburen", "offentlig"],
            "democratic_values": democratic_values,
            "application_required": approval,
            "text": "Organisationer som delar överenskommelsens värdegrund kan ansluta sig.",
        },
        "withdrawal": {
            "written_notice": True,
            "notify": "Arbetsgruppen",
            "notice_period_days": notice_days,
            "text": "Den som vill lämna överenskommelsen meddelar arbetsgruppen skriftligen.",
        },
        "follow_up": {
            "frequency": "annual",
            "forum": "Den årliga konferensen",
            "text": "Överenskommelsen följs upp årligen vid en gemensam konferens.",
        },
        "validity": {
            "from": iso(adopted),
            "indefinite": True,
            "text": "Överenskommelsen gäller tills vidare.",
        },
    }
    if approval:
        terms["joining"]["approval_by"] = "Arbetsgruppen"
    if report_kinds:
        titles = {"annual-report": "Årsberättelse", "financial-report": "Ekonomisk rapport"}
        terms["follow_up"]["reports"] = [
            {"kind": k, "title": titles[k], "due": "06-30"} for k in report_kinds
        ]

    chosen = sorted(rng.sample(range(len(PRINCIPLES)), rng.randint(4, 7)))
    principles = []
    for number, p_index in enumerate(chosen, start=1):
        title, text = PRINCIPLES[p_index]
        p: dict[str, Any] = {
            "id": f"{number:02d}-{slugify(title)}",
            "number": number,
            "title": title,
            "text": text,
        }
        roll = rng.random()
        if roll < 0.4:
            p["actions"] = [
                {"text": "Parterna möts minst två gånger per år."},
                {
                    "text": "Arbetsgruppen sammanställer erfarenheter.",
                    "by": "body",
                    "body": "arbetsgrupp",
                },
            ]
            p["responsibilities"] = [
                {
                    "by": "all_signatories",
                    "text": "Varje undertecknande organisation deltar aktivt.",
                }
            ]
        elif roll < 0.8:
            p["commitments"] = [
                {
                    "by": "organisations",
                    "text": "De idéburna organisationerna följer sina stadgar och redovisar öppet.",
                },
                {
                    "by": "public_party",
                    "text": f"{public} skapar förutsättningar för långsiktigt samarbete.",
                },
            ]
        principles.append(p)

    doc: dict[str, Any] = {
        "id": aid,
        "title": f"Överenskommelse mellan idéburen sektor och {public}",
        "short_name": municipality,
        "language": "sv",
        "version": "1",
        "adopted": {"date": iso(adopted), "by": "Kommunfullmäktige"},
        "parties": [
            {"id": slugify(public), "name": public, "sector": "offentlig"},
            {
                "id": "ideburna",
                "name": f"Idéburna organisationer i {municipality}",
                "sector": "ideburen",
            },
        ],
        "sources": [
            {
                "document": "bench/generate.py",
                "description": "A generated agreement for benchmarks.",
            }
        ],
        "sections": sections,
        "bodies": bodies,
        "terms": terms,
        "signature_block": {
            "layout": "rows",
            "heading": "Signering",
            "columns": ["Organisation", "Signatur", "Namnförtydligande"],
        },
    }
    revisions = []
    versions = []
    current_hash = canonical.text_sha256(doc, principles)
    if rng.random() < 0.3:
        # An editorial revision: version 1 had a typo in the background text.
        revised = day_between(rng, adopted + dt.timedelta(days=200), AS_OF - dt.timedelta(days=200))
        old = {
            **doc,
            "sections": [
                {
                    **sections[0],
                    "text": sections[0]["text"].replace("ett års arbete", "ett års arbette"),
                },
                *sections[1:],
            ],
        }
        old_hash = canonical.text_sha256(old, principles)
        revisions = [
            {
                "version": "1",
                "date": iso(adopted),
                "kind": "material",
                "summary": "Texten som antagen.",
                "text_sha256": old_hash,
            },
            {
                "version": "1.1",
                "date": iso(revised),
                "kind": "editorial",
                "summary": "Ett stavfel rättat.",
                "text_sha256": current_hash,
            },
        ]
        versions = [("1", adopted, old_hash), ("1.1", revised, current_hash)]
        doc["version"] = "1.1"
    else:
        revisions = [
            {
                "version": "1",
                "date": iso(adopted),
                "kind": "material",
                "summary": "Texten som antagen.",
                "text_sha256": current_hash,
            }
        ]
        versions = [("1", adopted, current_hash)]
    doc["revisions"] = revisions
    assert canonical.text_sha256(doc, principles) == current_hash
    plan = AgreementPlan(
        aid,
        public,
        adopted,
        versions,
        democratic_values,
        approval,
        notice_days,
        report_kinds,
        bodies,
        rng.sample(MUNICIPALITIES, 12),
    )
    return doc, principles, plan


# --------------------------------------------------------------------------- signatories


def version_on(plan: AgreementPlan, day: dt.date) -> tuple[str, str]:
    chosen = plan.versions[0]
    for v in plan.versions:
        if v[1] <= day:
            chosen = v
    return chosen[0], chosen[2]


def membership(
    rng: random.Random, plan: AgreementPlan, start: dt.date, end: dt.date
) -> tuple[dict[str, Any], dt.date]:
    """One membership period signed between ``start`` and ``end``; returns it and its signing day."""
    m: dict[str, Any] = {}
    signed_day = day_between(rng, start + dt.timedelta(days=45), end)
    if plan.approval:
        applied = signed_day - dt.timedelta(days=rng.randint(30, 45))
        approved = applied + dt.timedelta(days=rng.randint(5, 25))
        m["application"] = {"date": iso(applied)}
        m["approval"] = {
            "date": iso(approved),
            "by": "Arbetsgruppen",
            "reference": f"Protokoll {approved.year}:{rng.randint(1, 12)}",
        }
    version, text_hash = version_on(plan, signed_day)
    signed: dict[str, Any] = {"date": iso(signed_day), "version": version, "text_sha256": text_hash}
    if rng.random() < 0.7:
        signed["evidence"] = {"reference": f"DNR {signed_day.year}/{rng.randint(1, 999)}"}
    m["signed"] = signed
    return m, signed_day


def withdrawal(
    rng: random.Random, plan: AgreementPlan, after: dt.date, end: dt.date
) -> tuple[dict[str, Any], dt.date]:
    notice = day_between(rng, after + dt.timedelta(days=60), end)
    effective = notice + dt.timedelta(days=plan.notice_days)
    w: dict[str, Any] = {"notice_date": iso(notice), "effective": iso(effective)}
    if rng.random() < 0.6:
        w["reason"] = rng.choice(REASONS)
    w["evidence"] = {"reference": f"DNR {notice.year}/{rng.randint(1, 999)}"}
    return w, effective


def signatory_doc(
    rng: random.Random,
    plan: AgreementPlan,
    name: str,
    legal_form: str,
    sector: str,
    taken: set[str],
) -> dict[str, Any]:
    slug = slugify(name)
    doc: dict[str, Any] = {"id": slug, "name": name}
    if rng.random() < 0.98:
        prefix = {
            "ideell förening": "802",
            "stiftelse": "802",
            "ekonomisk förening": "769",
            "trossamfund": "252",
            "kommun": "2120",
        }[legal_form]
        doc["org_number"] = org_number(rng, prefix, taken)
    doc["sector"] = sector
    doc["legal_form"] = legal_form
    doc["municipality"] = (
        name.removesuffix(" kommun") if legal_form == "kommun" else rng.choice(plan.municipalities)
    )
    if rng.random() < 0.5:
        doc["website"] = f"https://www.{slug[:40].strip('-')}.se"
    if rng.random() < 0.99:
        doc["signer"] = {"name": person(rng), "title": rng.choice(TITLES)}
    if (
        True
    ):  # every agreement requires a contact person; a repository checked in CI has one for each
        contact_name = person(rng)
        contact: dict[str, Any] = {"name": contact_name}
        if rng.random() < 0.9:
            local = slugify(contact_name).replace("-", ".")
            contact["email"] = f"{local}@{slug[:30].strip('-')}.se"
        if rng.random() < 0.7:
            contact["phone"] = (
                f"0{rng.randint(10, 99)}-{rng.randint(10, 99)} {rng.randint(10, 99)} {rng.randint(10, 99)}"
            )
        doc["contact"] = contact

    latest = AS_OF - dt.timedelta(days=30)
    periods = []
    first, first_day = membership(rng, plan, plan.adopted, latest - dt.timedelta(days=400))
    periods.append(first)
    if plan.democratic_values:
        doc["democratic_values"] = {
            "attested": True,
            "date": first.get("application", first["signed"])["date"],
        }
    roll = rng.random()
    if roll < 0.13:
        w, effective = withdrawal(
            rng, plan, first_day, latest - dt.timedelta(days=250 if roll < 0.03 else 0)
        )
        first["withdrawal"] = w
        if roll < 0.03:
            second, _ = membership(rng, plan, effective + dt.timedelta(days=30), latest)
            periods.append(second)
    doc["memberships"] = periods

    if plan.report_kinds:
        reports = []
        member_years = set()
        for period in periods:
            begin = int(period["signed"]["date"][:4])
            end = (
                int(period["withdrawal"]["effective"][:4]) if "withdrawal" in period else AS_OF.year
            )
            member_years.update(range(begin, end + 1))
        for year in sorted(y for y in member_years if y < AS_OF.year):
            for kind in plan.report_kinds:
                if year == AS_OF.year - 1 and rng.random() < 0.05:
                    continue  # a late report: compliance rules have something to say
                received = dt.date(year + 1, rng.randint(2, 6), rng.randint(1, 28))
                if received > AS_OF:
                    continue
                reports.append({"year": year, "kind": kind, "received": iso(received)})
        if reports:
            doc["reports"] = reports
    return doc


def body_members(
    rng: random.Random, plan: AgreementPlan, body: dict[str, Any], organisations: list[str]
) -> dict[str, Any]:
    members = []
    for seat in body["seats"]:
        for _ in range(seat["count"]):
            since = day_between(rng, plan.adopted, AS_OF - dt.timedelta(days=400))
            organisation = seat.get("organisation") or rng.choice(organisations)
            if rng.random() < 0.3:
                # A member who left, and the one who took the seat.
                left = day_between(
                    rng, since + dt.timedelta(days=100), AS_OF - dt.timedelta(days=100)
                )
                members.append(
                    {
                        "name": person(rng),
                        "organisation": organisation,
                        "seat": seat["id"],
                        "from": iso(since),
                        "until": iso(left),
                    }
                )
                since = left + dt.timedelta(days=1)
            member = person(rng)
            members.append(
                {
                    "name": member,
                    "organisation": organisation,
                    "seat": seat["id"],
                    "from": iso(since),
                }
            )
            for _ in range(1 if seat.get("personal_substitutes") else 0):
                members.append(
                    {
                        "name": person(rng),
                        "organisation": organisation,
                        "seat": seat["id"],
                        "substitute_for": member,
                        "from": iso(since),
                    }
                )
    return {"id": body["id"], "members": members}


# --------------------------------------------------------------------------- the repository


@dataclass
class Stats:
    agreements: int
    signatories: int
    files: int
    withdrawn: int
    rejoined: int
    seconds: float


def generate(
    out: Path, agreements: int, signatories: int, seed: int = 7, *, git: bool = True
) -> Stats:
    """Write the corpus under ``out`` (which must not exist or be empty) and commit it once."""
    started = time.perf_counter()
    if out.exists() and any(out.iterdir()):
        raise SystemExit(f"{out} exists and is not empty")
    out.mkdir(parents=True, exist_ok=True)
    rng = random.Random(seed)
    taken: set[str] = set()
    files = withdrawn = rejoined = 0
    (out / ".gitignore").write_text(".overens-cache/\n", encoding="utf-8")
    (out / "README.md").write_text(
        f"# Benchmark corpus\n\nGenerated by `bench/generate.py --agreements {agreements} "
        f"--signatories {signatories} --seed {seed}` (generator version {GENERATOR_VERSION}).\n",
        encoding="utf-8",
    )
    for index in range(agreements):
        municipality = MUNICIPALITIES[index % len(MUNICIPALITIES)]
        doc, principles, plan = agreement_doc(rng, index, municipality)
        folder = out / "agreements" / plan.id
        write(folder / "agreement.yaml", doc, "agreement")
        for p in principles:
            write(folder / "principles" / f"{p['id']}.yaml", p, "principle")
        files += 1 + len(principles)
        names = organisation_names(rng, signatories)
        # A few public bodies sign too: other municipalities (about one signatory in twelve).
        neighbours = [m for m in MUNICIPALITIES if f"{m} kommun" != plan.public_name]
        public_count = min(signatories // 12, 40)
        org_names = []
        for i, (name, form) in enumerate(names):
            if i < public_count:
                name, form, sector = (
                    f"{neighbours[(index + i) % len(neighbours)]} kommun",
                    "kommun",
                    "offentlig",
                )
            else:
                sector = "ideburen"
            sdoc = signatory_doc(rng, plan, name, form, sector, taken)
            periods = sdoc["memberships"]
            withdrawn += "withdrawal" in periods[-1]
            rejoined += len(periods) > 1
            if sector == "ideburen":
                org_names.append(name)
            write(folder / "signatories" / f"{sdoc['id']}.yaml", sdoc, "signatory")
            files += 1
        for body in plan.bodies:
            write(
                folder / "bodies" / f"{body['id']}.yaml",
                body_members(rng, plan, body, org_names or ["—"]),
                "body",
            )
            files += 1
    if git:
        commit_all(
            out,
            f"Benchmark corpus: {agreements} agreements x {signatories} signatories (seed {seed})",
        )
    return Stats(
        agreements,
        agreements * signatories,
        files,
        withdrawn,
        rejoined,
        time.perf_counter() - started,
    )


def commit_all(repo: Path, message: str) -> None:
    env = {**os.environ, **GIT_ENV}
    for args in (
        ["init", "-q", "-b", "main"],
        ["add", "-A"],
        ["commit", "-q", "--no-gpg-sign", "--no-verify", "-m", message],
    ):
        subprocess.run(["git", *args], cwd=repo, env=env, check=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("out", type=Path, help="the folder to create (must not exist or be empty)")
    parser.add_argument("--agreements", "-n", type=int, default=100)
    parser.add_argument("--signatories", "-m", type=int, default=100)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument(
        "--no-git", action="store_true", help="do not make the folder a git repository"
    )
    args = parser.parse_args(argv)
    stats = generate(args.out, args.agreements, args.signatories, args.seed, git=not args.no_git)
    print(
        f"{args.out}: {stats.agreements} agreements, {stats.signatories} signatories "
        f"({stats.withdrawn} withdrawn, {stats.rejoined} rejoined), {stats.files} files "
        f"in {stats.seconds:.1f} s",
        file=sys.stderr,
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
