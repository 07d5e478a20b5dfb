"""The sandbox's catalogue: the API document's example objects plus a generated world.

``build_catalogue(seed)`` is deterministic: the same seed always gives the same catalogue
(one ``random.Random`` drives every choice; nothing depends on time or on ``hash()``).
Three layers go in, in this order:

1. the database objects of the document's examples, verbatim (release 249504, master 1000,
   artist 108713, label 1 and the releases of the submissions/contributions examples);
2. the objects those examples point at (Rick Astley, RCA, master 96559, Nickelback's members
   and releases, Planet E's sublabels and releases, the versions of master 1000, ...) and the
   releases other examples use (orders, wants, collections, listings, lists, search), built in
   the same style as generated objects but with the names, ids, titles and years of the document;
3. a generated catalogue of a few thousand releases, with the variety real data has: many
   scripts, groups and members, aliases, credits, index tracks and headings, markup, awkward
   strings.

The view helpers at the bottom turn stored objects into the smaller shapes other resources
embed (collection items, master versions, label releases, listings, search results).
"""

from __future__ import annotations

import base64
import copy
import functools
import gc
import hashlib
import random
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from discogs_tui.sandbox import examples
from discogs_tui.sandbox.state import DISCOGS_TZ, WEBSITE, Catalogue, api_url

Obj = dict[str, Any]
FormatSpec = tuple[str, int, tuple[str, ...], str]  # name, qty, descriptions, text
FormatTemplate = tuple[FormatSpec, ...]  # the formats of one release

# -- vocabulary ------------------------------------------------------------------------------

# Usernames of the community blocks. The first six must stay: they are the document's users
# and the sandbox's demo user, whose submissions and contributions should not be empty.
USERNAMES = (
    "memory",
    "_80_",
    "shooezgirl",
    "rodneyfool",
    "example",
    "sandbox_demo",
    "milKt",
    "jerome99",
    "Diognes_The_Fox",
    "Aquacrash_Dj",
    "vinylwolf",
    "Kassette_Kid",
    "grooveminer",
    "nordlicht",
)

GENRE_STYLES: dict[str, tuple[str, ...]] = {
    "Electronic": ("Techno", "House", "Ambient", "Synth-pop", "Downtempo", "Electro", "IDM"),
    "Rock": ("Indie Rock", "Post-Punk", "Shoegaze", "Psychedelic Rock", "Hard Rock", "Grunge"),
    "Pop": ("Synth-pop", "Ballad", "Europop", "J-pop", "K-pop", "Chanson", "Vocal"),
    "Jazz": ("Hard Bop", "Modal", "Free Jazz", "Soul-Jazz", "Fusion", "Cool Jazz"),
    "Funk / Soul": ("Soul", "Funk", "Disco", "Rhythm & Blues", "Neo Soul"),
    "Hip Hop": ("Boom Bap", "Trip Hop", "Instrumental", "Conscious"),
    "Classical": ("Baroque", "Romantic", "Contemporary", "Modern"),
    "Folk, World, & Country": ("Folk", "Fado", "Enka", "Flamenco", "Country", "Rebetiko"),
    "Latin": ("Bossa Nova", "Cumbia", "Tango", "Salsa"),
    "Reggae": ("Roots Reggae", "Dub", "Dancehall"),
    "Stage & Screen": ("Soundtrack", "Score", "Musical"),
    "Blues": ("Chicago Blues", "Delta Blues", "Electric Blues"),
    "Non-Music": ("Field Recording", "Spoken Word", "Interview"),
}

COUNTRIES = (
    "US", "UK", "Germany", "France", "Japan", "Netherlands", "Italy", "Canada", "Sweden",
    "Europe", "Russia", "Greece", "Israel", "Lebanon", "India", "China", "South Korea",
    "Brazil", "Australia", "Poland", "Spain", "Portugal", "Belgium", "Norway", "Worldwide",
)  # fmt: skip

FORMAT_TEMPLATES: tuple[FormatTemplate, ...] = (
    (("Vinyl", 1, ("LP", "Album"), ""),),
    (("Vinyl", 1, ("LP", "Album", "Reissue", "Remastered"), "180g"),),
    (("Vinyl", 2, ("LP", "Album", "Limited Edition"), "Gatefold"),),
    (("Vinyl", 1, ('12"', "33 ⅓ RPM", "EP"), ""),),
    (("Vinyl", 1, ('12"', "45 RPM", "Single"), ""),),
    (("Vinyl", 1, ('7"', "Single", "45 RPM"), ""),),
    (("Vinyl", 1, ('12"', "White Label", "33 ⅓ RPM", "Promo"), ""),),
    (("CD", 1, ("Album",), ""),),
    (("CD", 1, ("Album", "Reissue", "Remastered"), "Digipak"),),
    (("CD", 2, ("Album", "Compilation"), ""),),
    (("CD", 1, ("Single",), ""),),
    (("CD", 1, ("Album", "Stereo"), "Jewel Case"),),
    (("Cassette", 1, ("Album",), ""),),
    (("CDr", 1, ("Mini", "EP"), ""),),
    (("File", 1, ("MP3", "Album"), "320 kbps"),),
    (("File", 1, ("FLAC", "Album"), ""),),
    (("Box Set", 1, ("Compilation", "Limited Edition"), ""), ("Vinyl", 4, ("LP", "Album"), "")),
    (("Vinyl", 1, ("LP", "Album"), ""), ("Vinyl", 1, ('7"', "45 RPM"), "Bonus")),
)

# How Discogs abbreviates format descriptions in titles ("LP, Album, Ltd").
FORMAT_ABBREVIATIONS = {
    "Limited Edition": "Ltd",
    "Compilation": "Comp",
    "Reissue": "RE",
    "Remastered": "RM",
    "Partially Mixed": "P/Mixed",
    "Mini-Album": "MiniAlbum",
    "White Label": "W/Lbl",
    "Stereo": "",
    "33 ⅓ RPM": "",
    "45 RPM": "",
    "Orange": "Ora",
    "White": "Whi",
    "Clear": "Cle",
    "Tip-On Sleeve": "Tip",
}
# "All Media" holds descriptions of every medium of a release; titles show no name for it.
FORMAT_NAME_ABBREVIATIONS = {"Box Set": "Box", "All Media": ""}
CONTAINER_FORMATS = ("Box Set", "All Media")
VINYL_SIZES = ("LP", '12"', '10"', '7"')
GRAMS_PER_ITEM = {"Vinyl": 230, "CD": 85, "CDr": 85, "Cassette": 70, "Box Set": 400, "All Media": 0}

CREDIT_ROLES = (
    "Producer", "Written-By", "Mixed By", "Mastered By", "Engineer", "Design", "Photography By",
    "Lyrics By", "Arranged By", "Vocals", "Guitar", "Bass", "Drums", "Keyboards",
    "Saxophone", "Remix", "Featuring", "Liner Notes", "Executive-Producer", "Strings",
)  # fmt: skip
TRACK_ROLES = ("Remix", "Featuring", "Vocals", "Written-By", "Producer", "Guitar")
ARTIST_JOINS = ("&", "Feat.", "Vs.", ",", "And", "With", "+")

# entity_type, entity_type_name, the kind of company that plays the role
COMPANY_ROLES = (
    ("13", "Phonographic Copyright (p)", "label"),
    ("14", "Copyright (c)", "label"),
    ("9", "Distributed By", "distributor"),
    ("10", "Manufactured By", "plant"),
    ("17", "Pressed By", "plant"),
    ("19", "Lacquer Cut At", "studio"),
    ("23", "Recorded At", "studio"),
    ("29", "Mastered At", "studio"),
    ("21", "Published By", "publisher"),
)

RIGHTS_SOCIETIES = ("GEMA", "BIEM", "JASRAC", "SACEM", "STEMRA", "PRS", "ASCAP", "BMI", "SIAE")


@dataclass(frozen=True)
class Script:
    """Name material of one writing system; names are made by combining the pieces."""

    given: tuple[str, ...]
    family: tuple[str, ...]
    words: tuple[str, ...]  # title and group-name material
    label_forms: tuple[str, ...]  # "{}" is replaced by a word
    family_first: bool = False
    space: str = " "


SCRIPTS: dict[str, Script] = {
    "latin": Script(
        given=("Anna", "Marcus", "Elena", "Tobias", "Nina", "Oscar", "Leah", "Victor", "Iris",
               "Jonah", "Maya", "Felix", "Clara", "Hugo", "Stella", "Ruben", "Ada", "Silas"),
        family=("Hartley", "Moreno", "Lindqvist", "Okafor", "Brennan", "Castillo", "Whitaker",
                "Novak", "Ferreira", "Holloway", "Quinn", "Albright", "Vance", "Mercer"),
        words=("Midnight", "Harbour", "Velvet", "Engines", "Gardens", "Static", "Paper",
               "Lanterns", "Crimson", "Tides", "Hollow", "Signals", "Golden", "Circuit",
               "Winter", "Echoes", "Silent", "Horizon", "Neon", "Orchard", "Glass", "Rivers"),
        label_forms=("{} Records", "{} Recordings", "{} Music", "{} Sound", "{} Tapes"),
    ),
    "diacritics": Script(
        given=("Zoë", "José", "Björn", "Łukasz", "Søren", "Agnès", "Ștefan", "Jürgen",
               "Élodie", "Håkon", "Małgorzata", "Íñigo", "Ðorđe", "Ýrr", "Çağla", "Ana-Lucía"),
        family=("Müller", "Dvořák", "Østergaard", "Gonçalves", "Núñez", "Kovačević", "Şahin",
                "Ólafsdóttir", "Lefèvre", "Wiśniewski", "Ångström", "Škoda", "Żak", "Brønn"),
        words=("Mañana", "Sørlandet", "Fête", "Nachtzug", "Złoty", "Ljós", "Ćevap", "Île",
               "Straße", "Kärlek", "Åska", "Çiçek", "Ōkami", "Ñandú", "Été", "Łąka"),
        label_forms=("Disques {}", "{} Schallplatten", "Discos {}", "{} Fonogram", "{} Plak"),
    ),
    "cyrillic": Script(
        given=("Алексей", "Мария", "Дмитрий", "Ольга", "Сергей", "Наталья", "Иван", "Ксения"),
        family=("Шевченко", "Коваленко", "Бондаренко", "Ткаченко", "Кравченко", "Лысенко"),
        words=("Звезда", "Ночь", "Город", "Ветер", "Река", "Зима", "Море", "Свет", "Огонь",
               "Дорога", "Небо", "Песня"),
        label_forms=("{} Рекордс", "Студия «{}»", "{} Мьюзик"),
    ),
    "greek": Script(
        given=("Νίκος", "Ελένη", "Γιώργος", "Μαρία", "Κώστας", "Δήμητρα", "Σπύρος", "Αλεξάνδρα"),
        family=("Οικονόμου", "Γεωργίου", "Νικολάου", "Βασιλείου", "Δημητρίου", "Ιωάννου"),
        words=("Θάλασσα", "Ήλιος", "Νύχτα", "Αγάπη", "Δρόμος", "Φεγγάρι", "Όνειρο", "Καλοκαίρι"),
        label_forms=("Δίσκοι {}", "{} Μουσική"),
    ),
    "japanese": Script(
        given=("花子", "健太", "美咲", "翔", "結衣", "大輔", "陽菜", "蓮"),
        family=("佐藤", "鈴木", "高橋", "田中", "渡辺", "山本", "中村", "小林"),
        words=("夜明け", "東京", "さくら", "月光", "雨音", "青い鳥", "夏の終わり", "星空", "海辺"),
        label_forms=("{}レコード", "{}ミュージック", "{}音楽出版"),
        family_first=True,
    ),
    "chinese": Script(
        given=("静", "伟", "芳", "磊", "丽娟", "志强", "雨桐", "子涵"),
        family=("王", "李", "张", "刘", "陈", "杨", "黄", "周"),
        words=("月亮", "故乡", "星光", "风雨", "长江", "春天", "梦想", "城市"),
        label_forms=("{}唱片", "{}音乐"),
        family_first=True,
        space="",
    ),
    "korean": Script(
        given=("민지", "서연", "지훈", "하늘", "도윤", "수아", "예준", "지우"),
        family=("김", "이", "박", "최", "정", "강", "윤"),
        words=("사랑", "바다", "서울", "별빛", "봄날", "여름밤", "하늘", "꿈"),
        label_forms=("{} 레코드", "{} 엔터테인먼트"),
        family_first=True,
        space="",
    ),
    "arabic": Script(
        given=("ليلى", "عمر", "فاطمة", "يوسف", "نور", "كريم", "سلمى", "زياد"),
        family=("حداد", "خوري", "منصور", "نصار", "عيسى", "الأحمد"),
        words=("القمر", "بيروت", "الحب", "البحر", "الليل", "الصحراء", "نسيم", "الفجر"),
        label_forms=("أسطوانات {}", "تسجيلات {}"),
    ),
    "hebrew": Script(
        given=("נועה", "יונתן", "מיכל", "איתי", "שירה", "עומר"),
        family=("כהן", "לוי", "מזרחי", "פרץ", "ביטון", "אברהם"),
        words=("ירושלים", "אהבה", "ים", "לילה", "שמש", "חלום", "דרך"),
        label_forms=("תקליטי {}", "{} הפקות"),
    ),
    "devanagari": Script(
        given=("अनुष्का", "राहुल", "प्रिया", "अर्जुन", "कविता", "विक्रम"),
        family=("शर्मा", "वर्मा", "पटेल", "गुप्ता", "सिंह", "जोशी"),
        words=("संगीत", "चाँद", "बारिश", "सपना", "दिल", "राग", "सफ़र"),
        label_forms=("{} रिकॉर्ड्स", "{} म्यूज़िक"),
    ),
}  # fmt: skip

# Weighted choice of script for generated artists and labels: mostly Latin, but every script
# shows up often enough for a UI to meet it on the first pages.
SCRIPT_WEIGHTS = (
    ("latin", 40), ("diacritics", 16), ("cyrillic", 7), ("greek", 5), ("japanese", 8),
    ("chinese", 6), ("korean", 6), ("arabic", 4), ("hebrew", 4), ("devanagari", 4),
)  # fmt: skip

# Strings real data has that trip up renderers: brackets that look like markup, quotes,
# ampersands. Used as titles and names of a handful of generated objects.
AWKWARD_TITLES = (
    "Title [Remastered]",
    "Closing [/ tag",
    'Rock & Roll "Part 2"',
    "[Untitled]",
    "Sides A & B [b]not bold[/b]",
    "It's 100% <Live>",
    "Don't Stop (12\" Version) [Edit]",
)
AWKWARD_NAMES = ('The "Quoted" Band', "Smith & Jones", "Tom 'n' Jerry's", "[Bracket] Collective")
SUITE_TITLES = ("Suite", "Medley", "Movement Cycle", "The Night Sequence", "Overture")
HEADINGS_BY_SIDE = ("Side One", "Side Two", "Side Three", "Side Four", "Side Five", "Side Six")


# -- small shared helpers ------------------------------------------------------------------

_NON_WORD = re.compile(r"[^\w]+")
_NAME_SUFFIX = re.compile(r" \(\d+\)$")


def slug(text: str) -> str:
    """The URL slug Discogs makes of a name: words joined by dashes (non-Latin kept)."""
    return _NON_WORD.sub("-", text).strip("-")


def object_name(obj: Obj) -> str:
    """The name of an artist or label; artist 108713 (verbatim) has none, so use its uri."""
    if "name" in obj:
        return obj["name"]
    return obj["uri"].rsplit("/", 1)[-1].split("-", 1)[-1].replace("-", " ")


def markup_link(tag: str, obj: Obj) -> str:
    """``[a=Name]`` / ``[l=Name]``, or ``[a123]`` when the name would break the markup."""
    name = object_name(obj)
    if "[" in name or "]" in name:
        return f"[{tag}{obj['id']}]"
    return f"[{tag}={name}]"


def _token(text: str) -> str:
    digest = hashlib.blake2s(text.encode(), digest_size=15).digest()
    return base64.urlsafe_b64encode(digest).decode()


def image_token(name: str, width: int | str, height: int | str) -> str:
    """The signature of a generated image URL (``images.is_signed`` checks it)."""
    return _token(f"{name}/{width}x{height}")


def image_url(letter: str, obj_id: int, number: int, width: int, height: int) -> str:
    """A stable, signed ``i.discogs.com`` URL of generated image ``number`` of an object."""
    name = f"{letter}-{obj_id}-{number}.jpeg"
    token = image_token(name, width, height)
    return f"https://i.discogs.com/{token}/rs:fit/g:sm/q:90/h:{height}/w:{width}/{name}"


def _images(letter: str, obj_id: int, sizes: Iterable[tuple[int, int]]) -> list[Obj]:
    images = []
    for number, (width, height) in enumerate(sizes, start=1):
        uri = image_url(letter, obj_id, number, width, height)
        images.append(
            {
                "height": height,
                "resource_url": uri,
                "type": "primary" if number == 1 else "secondary",
                "uri": uri,
                "uri150": image_url(letter, obj_id, number, 150, 150),
                "width": width,
            }
        )
    return images


def _credit(artist: Obj, *, anv: str = "", join: str = "", role: str = "", tracks: str = "") -> Obj:
    return {
        "anv": anv,
        "id": artist["id"],
        "join": join,
        "name": object_name(artist),
        "resource_url": api_url(f"/artists/{artist['id']}"),
        "role": role,
        "tracks": tracks,
    }


def _user_ref(username: str) -> Obj:
    return {"resource_url": api_url(f"/users/{username}"), "username": username}


def _ref(kind: str, obj: Obj) -> Obj:
    """``{"id", "name", "resource_url"}`` of an artist or label (``kind`` = URL segment)."""
    return {
        "id": obj["id"],
        "name": object_name(obj),
        "resource_url": api_url(f"/{kind}/{obj['id']}"),
    }


def _duration(seconds: int) -> str:
    if seconds >= 3600:
        return f"{seconds // 3600}:{seconds // 60 % 60:02d}:{seconds % 60:02d}"
    return f"{seconds // 60}:{seconds % 60:02d}"


def _ean13(rng: random.Random) -> str:
    digits = [rng.randrange(10) for _ in range(12)]
    check = (10 - sum(d * (3 if i % 2 else 1) for i, d in enumerate(digits)) % 10) % 10
    return "".join(map(str, digits)) + str(check)


_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def released_formatted(released: str) -> str:
    """``1987-03-16`` -> ``16 Mar 1987``, ``1987-03`` -> ``Mar 1987``, ``1987`` -> ``1987``."""
    parts = released.split("-")
    if len(parts) == 3 and parts[2] != "00":
        return f"{parts[2]} {_MONTHS[int(parts[1]) - 1]} {parts[0]}"
    if len(parts) >= 2 and parts[1] != "00":
        return f"{_MONTHS[int(parts[1]) - 1]} {parts[0]}"
    return parts[0]


# -- the documented world ----------------------------------------------------------------------
# Objects the examples point at, and releases the other examples (orders, wants, collections,
# listings, lists, search) use. Ids, names, titles and years are the document's.

# id, name, kind ("person" | "group" | "various"), member ids
DOCUMENTED_ARTISTS: tuple[tuple[int, str, str, tuple[int, ...]], ...] = (
    (1, "Persuader, The", "person", ()),
    (194, "Various", "various", ()),
    (1531, "Carl Craig", "person", ()),
    (3227, "Silent Phase", "person", ()),
    (3857, "Nine Inch Nails", "group", ()),
    (17035, "Chaka Khan", "person", ()),
    (17961, "Cher", "person", ()),
    (20942, "Stock, Aitken & Waterman", "group", ()),
    (21849, "Electric Universe", "group", ()),
    (25460, "DJ Sangeet", "person", ()),
    (72872, "Rick Astley", "person", ()),
    (103906, "Bit Shifter", "person", ()),
    (125246, "Nirvana", "group", ()),
    (240177, "Grimy", "person", ()),
    (262221, "The Zombies", "group", ()),
    (270222, "Chad Kroeger", "person", ()),
    (547352, "Me Company", "group", ()),
    (667233, "Anamanaguchi", "group", ()),
    (685754, "Mike Kroeger", "person", ()),
    (685755, "Daniel Adair", "person", ()),
    (685756, 'Ryan "Vik" Vikedal', "person", ()),
    (685757, "Ryan Peake", "person", ()),
    (4488, "Andrea Parker", "person", ()),
    (30552, "Naomi Daniel", "person", ()),
    (1578, "Innerzone Orchestra", "group", (1531,)),
    (150264, "Danger Mouse", "person", ()),
    (1148343, "Daniele Luppi", "person", ()),
    (56707, "Metal Fingers", "person", ()),
    (1041, "LCD Soundsystem", "group", ()),
    (
        313658,
        "Last Electro-Acoustic Space Jazz & Percussion Ensemble, The",
        "group",
        (),
    ),
)

# id, name, kind ("label" | "studio" | "plant" | "distributor" | "publisher" | "series"), parent
DOCUMENTED_LABELS: tuple[tuple[int, str, str, int | None], ...] = (
    (5, "Svek", "label", None),
    (24, "R & S Records", "label", None),
    (821, "Geffen Records", "label", None),
    (895, "RCA", "label", None),
    (1000, "Warner Bros. Records", "label", None),
    (1005, "Epic", "label", None),
    (2311, "Interscope Records", "label", None),
    (11647, "8bitpeoples", "label", None),
    (41841, "Community Projects", "label", 1),
    (82835, "BMG Records (UK) Ltd.", "label", None),
    (86537, "Antidote (4)", "label", 1),
    (141550, "Normative", "label", None),
    (151979, "Varèse Vintage", "label", None),
    (266218, "Utopia Studios", "studio", None),
    (2133, "Spirit Zone Recordings", "label", None),
    (22066, "Stones Throw Records", "label", None),
    (1818, "Warp Records", "label", None),
    (8287, "Not On Label (Nickelback Self-released)", "label", None),
    (12877, "Roadrunner Records", "label", None),
    (32854, "Eagle Vision", "label", None),
    (174449, "Rajon Vision", "label", None),
    (70745, "Classic Albums", "series", None),
    (27762, "DJ-Kicks", "series", None),
    (32102, "Nature Sounds", "label", None),
    (1866, "DFA", "label", None),
    (27481, "Parlophone", "label", None),
)

# Formats, written like FORMAT_TEMPLATES entries.
_7_SINGLE = (("Vinyl", 1, ('7"', "Single", "45 RPM"), ""),)
_12_33 = (("Vinyl", 1, ('12"', "33 ⅓ RPM"), ""),)
_CD_ALBUM = (("CD", 1, ("Album",), ""),)
_CD_EP = (("CD", 1, ("EP",), ""),)


@dataclass(frozen=True)
class DocumentedRelease:
    """A release the document names; whatever it leaves out is generated."""

    id: int
    artists: tuple[tuple[int, str], ...]  # (artist id, join)
    title: str
    year: int
    country: str
    labels: tuple[tuple[int, str], ...]  # (label id, catno)
    formats: FormatTemplate
    genres: tuple[str, ...]
    styles: tuple[str, ...]
    master_id: int | None = None
    thumb: str | None = None  # the document's 150 px thumbnail, when an example shows one
    cover_image: str | None = None  # likewise its cover image
    have_want: tuple[int, int] | None = None
    series: tuple[tuple[int, str], ...] = ()
    barcode: str | None = None


def _doc_versions_thumb(index: int) -> str:
    return examples.MASTER_1000_VERSIONS[index]["thumb"]


def _doc_want(index: int, key: str) -> str:
    return examples.WANTLIST_EXAMPLE[index]["basic_information"][key]


_ZOMBIES = examples.COLLECTION_RELEASE_INSTANCES_7781525[0]["basic_information"]
_INFORMATION_CHASE = examples.COLLECTION_FOLDER_1_ITEM_EXAMPLE["basic_information"]
_STOCKHOLM = examples.WANT_EDIT_EXAMPLE["basic_information"]


DOCUMENTED_RELEASES: tuple[DocumentedRelease, ...] = (
    # master 1000: its main release and the three versions of the versions example
    DocumentedRelease(66785, ((21849, ""),), "Stardiver", 1997, "Germany",
                      ((2133, "SPIRITZONE 037"),), _CD_ALBUM, ("Electronic",), ("Goa Trance",),
                      master_id=1000),
    DocumentedRelease(18926, ((21849, ""),), "Plastic Dreams", 1993, "US", ((1005, "49 74992"),),
                      _12_33, ("Electronic",), ("Goa Trance",), master_id=1000,
                      thumb=_doc_versions_thumb(0), have_want=(1067, 765)),
    DocumentedRelease(34228, ((21849, ""),), "Plastic Dreams (Mixes)", 1993, "UK",
                      ((24, "RSGB 101T"),), _12_33, ("Electronic",), ("Goa Trance",),
                      master_id=1000, thumb=_doc_versions_thumb(1), have_want=(842, 762)),
    DocumentedRelease(1873038, ((21849, ""),), "Plastic Dreams Mixes", 1993, "UK",
                      ((24, "RSGB 101 T"),),
                      (("Vinyl", 1, ('12"', "White Label", "33 ⅓ RPM", "Promo"), ""),),
                      ("Electronic",), ("Goa Trance",), master_id=1000,
                      thumb=_doc_versions_thumb(2), have_want=(20, 285)),
    # Nickelback (artist 108713)
    DocumentedRelease(3128432, ((108713, ""),), "Curb", 1996, "Canada",
                      ((8287, "NR-001"),), _CD_ALBUM, ("Rock",), ("Grunge", "Hard Rock"),
                      master_id=173765),
    DocumentedRelease(1905922, ((108713, ""),), "Leader Of Men", 1999, "US",
                      ((12877, "RR 2163-3"),), (("CD", 1, ("Single", "Promo"), ""),),
                      ("Rock",), ("Hard Rock",), master_id=173767),
    DocumentedRelease(4299404, ((108713, ""),), "Hesher", 1996, "Canada",
                      ((8287, "none"),), _CD_EP, ("Rock",), ("Grunge",)),
    # Planet E (label 1)
    DocumentedRelease(2801, ((4488, ""),), "DJ-Kicks", 1998, "Germany", ((1, "!K7071CD"),),
                      (("CD", 1, ("Mixed",), ""),), ("Electronic",), ("Techno", "Electro"),
                      series=((27762, ""),)),
    DocumentedRelease(65040, ((30552, ""),), "Stars", 1993, "US", ((1, "2INZ 00140"),),
                      (("Vinyl", 1, ('12"',), ""),), ("Electronic",), ("House",)),
    DocumentedRelease(9922, ((1578, ""),), "Programmed", 1999, "US", ((1, "546 137-2"),),
                      (("CD", 1, ("Album", "Partially Mixed"), ""),), ("Electronic", "Jazz"),
                      ("Techno", "Fusion")),
    # Rick Astley's master, around release 249504
    DocumentedRelease(249503, ((72872, ""),), "Never Gonna Give You Up", 1987, "UK",
                      ((895, "PT 41448"),), (("Vinyl", 1, ('12"', "45 RPM", "Single"), ""),),
                      ("Electronic", "Pop"), ("Synth-pop",), master_id=96559),
    # the promos of the submissions/contributions examples get a commercial sibling each
    DocumentedRelease(5531862, ((17035, ""),), "Love Of A Lifetime", 1986, "US",
                      ((1000, "7-28671"),), _7_SINGLE, ("Funk / Soul",), ("Rhythm & Blues",),
                      master_id=174698),
    DocumentedRelease(5531934, ((17961, ""),), "After All", 1989, "US",
                      ((821, "7-27529"),), _7_SINGLE, ("Rock", "Pop"), ("Ballad",),
                      master_id=223379),
    # orders, wantlist, collection examples
    DocumentedRelease(1, ((1, ""),), "Stockholm", 1999, "Sweden", ((5, "SK032"),),
                      (("Vinyl", 2, ('12"',), ""),), ("Electronic",), ("Deep House",),
                      thumb=_STOCKHOLM["thumb"], cover_image=_STOCKHOLM["cover_image"]),
    DocumentedRelease(1867708, ((3857, ""),), "Year Zero", 2007, "US",
                      ((2311, "B0008764-02"),), (("CD", 1, ("Album",), "Digipak"),),
                      ("Electronic", "Rock"), ("Industrial",), thumb=_doc_want(0, "thumb"),
                      cover_image=_doc_want(0, "cover_image")),
    DocumentedRelease(1675174, ((667233, ""),), "Dawn Metropolis", 2009, "US",
                      ((141550, "NORM007"),), (("CDr", 1, ("Album",), ""),),
                      ("Electronic",), ("Chiptune",), thumb=_doc_want(1, "thumb"),
                      cover_image=_doc_want(1, "cover_image")),
    DocumentedRelease(2464521, ((103906, ""),), "Information Chase", 2006, "US",
                      ((11647, "8BP059"),), (("CDr", 1, ("Mini", "EP"), ""),),
                      ("Electronic", "Pop"), ("Chiptune",), thumb=_INFORMATION_CHASE["thumb"],
                      cover_image=_INFORMATION_CHASE["cover_image"]),
    DocumentedRelease(7781525, ((262221, ","),), "The BBC Radio Sessions", 2015, "US",
                      ((151979, "302 067 361 1"),),
                      (("Vinyl", 2, ("LP", "Album", "Compilation", "Limited Edition", "Mono"), ""),),
                      ("Rock",), ("Psychedelic Rock",), thumb=_ZOMBIES["thumb"]),
    # marketplace examples
    DocumentedRelease(2992668, ((150264, "&"), (1148343, "")), "Rome", 2011, "Europe",
                      ((27481, "509990292346"), (22066, "TMR092")),
                      (("Vinyl", 1, ("LP",), "Orange"), ("Vinyl", 1, ("LP",), "White"),
                       ("All Media", 1, ("Album", "Limited Edition"), "Tip-On Sleeve")),
                      ("Stage & Screen",), ("Soundtrack",)),
    DocumentedRelease(1900152, ((194, ""),), "Stones Throw X Serato", 2009, "US",
                      ((22066, "STH 2222"),),
                      (("Vinyl", 2, ('12"', "Limited Edition"), "Clear"),),
                      ("Hip Hop",), ("Instrumental",)),
    DocumentedRelease(1842118, ((313658, ""),), "Summer Suite", 2009, "US",
                      ((22066, "STH 2172"),), (("CD", 1, ("Mini-Album", "Limited Edition"), ""),),
                      ("Jazz",), ("Fusion",)),
    DocumentedRelease(2791275, ((56707, ""),), "Presents Special Herbs The Box Set Vol. 0-9",
                      2011, "US", ((32102, "NSD-120"),),
                      (("Box Set", 1, ("Compilation", "Limited Edition"), ""),
                       ("Vinyl", 10, ("LP",), ""), ("Vinyl", 1, ('7"',), "")),
                      ("Hip Hop",), ("Instrumental",)),
    DocumentedRelease(5610049, ((1041, ""),),
                      "The Long Goodbye: LCD Soundsystem Live At Madison Square Garden", 2014,
                      "US", ((1866, "541125-1"), (27481, "1-541125 (K1)")),
                      (("Vinyl", 5, ("LP",), ""), ("Box Set", 1, (), "")),
                      ("Electronic", "Rock"), ("Indie Rock",)),
    # the list example
    DocumentedRelease(4674, ((3227, ""),), "The Rewired Mixes", 1996, "UK",
                      ((1818, "WAP 72"),), _12_33, ("Electronic",), ("Techno",)),
    DocumentedRelease(2964, ((194, ""),), "Artificial Intelligence II", 1994, "UK",
                      ((1818, "WARPCD23"),), _CD_ALBUM, ("Electronic",), ("IDM", "Ambient")),
    # the search example (Nirvana - Nevermind, Classic Albums)
    DocumentedRelease(2028757, ((125246, ""),), "Nevermind", 2005, "Australia",
                      ((32854, "RV0296"), (174449, "RV0296")), (("DVD", 1, ("PAL",), ""),),
                      ("Non-Music", "Rock"), ("Interview", "Grunge"), have_want=(5, 1),
                      series=((70745, ""),)),
    DocumentedRelease(1852962, ((125246, ""),), "Nevermind", 2005, "France",
                      ((32854, "EV 426200"),), (("DVD", 1, ("PAL",), ""),),
                      ("Non-Music", "Rock"), ("Interview", "Grunge"), have_want=(21, 4),
                      series=((70745, ""),)),
    DocumentedRelease(3058947, ((125246, ""),), "Nevermind", 2005, "Europe",
                      ((32854, "ERUMD436"),), (("UMD", 1, (), ""),), ("Rock",),
                      ("Hard Rock", "Classic Rock"), have_want=(3, 10),
                      barcode="5 034504 843646"),
)  # fmt: skip

# Masters the document names: id -> (title, main release). Generated siblings fill them up.
DOCUMENTED_MASTERS: dict[int, tuple[str, int]] = {
    96559: ("Never Gonna Give You Up", 249504),
    173765: ("Curb", 3128432),
    173767: ("Leader Of Men", 1905922),
    174698: ("Love Of A Lifetime", 5531861),
    223379: ("After All", 5531933),
}

# The verbatim releases of the examples.
VERBATIM_RELEASES = (
    examples.RELEASE_249504,
    examples.SUBMISSIONS_SHOOEZGIRL["releases"][0],
    examples.CONTRIBUTIONS_SHOOEZGIRL[0],
)

# Where generated ids start: above every id of the document, so nothing collides.
GENERATED_ID_START = {
    "release": 10_000_001,
    "master": 2_000_001,
    "artist": 2_000_001,
    "label": 500_001,
}


def _is_generated(kind: str, object_id: int) -> bool:
    return object_id >= GENERATED_ID_START[kind]


# Cities for profiles, by script of the artist or label.
CITIES = {
    "latin": ("Detroit", "Manchester", "Bristol", "Chicago", "Montreal", "Melbourne", "Glasgow"),
    "diacritics": ("Kraków", "Reykjavík", "São Paulo", "Zürich", "Malmö", "İstanbul", "Besançon"),
    "cyrillic": ("Москва", "Київ", "Санкт-Петербург", "Новосибирск"),
    "greek": ("Αθήνα", "Θεσσαλονίκη", "Πάτρα"),
    "japanese": ("東京", "大阪", "京都", "札幌"),
    "chinese": ("北京", "上海", "台北", "香港"),
    "korean": ("서울", "부산", "인천"),
    "arabic": ("بيروت", "القاهرة", "عمّان"),
    "hebrew": ("תל אביב", "ירושלים", "חיפה"),
    "devanagari": ("मुंबई", "दिल्ली", "वाराणसी"),
}
DATA_QUALITIES = ("Correct", "Needs Vote", "Complete and Correct", "Needs Minor Changes")
SONG_SUFFIXES = (
    " (Remix)",
    " (Live)",
    " (Extended Mix)",
    " (Instrumental)",
    " (Reprise)",
    " (Dub)",
)
VIDEO_ID_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"
_EPOCH = datetime(2004, 1, 1, tzinfo=DISCOGS_TZ)
_LAST_CHANGE = datetime(2024, 6, 30, tzinfo=DISCOGS_TZ)


@dataclass
class _Song:
    """A track of a master, shared by all its versions (each gets its own dicts)."""

    title: str
    seconds: int | None
    artists: list[Obj] = field(default_factory=list)  # track artists (compilations)
    credits: list[Obj] = field(default_factory=list)  # track extraartists


def _format_dicts(template: FormatTemplate) -> list[Obj]:
    formats = []
    for name, qty, descriptions, text in template:
        entry: Obj = {"descriptions": list(descriptions), "name": name, "qty": str(qty)}
        if text:
            entry["text"] = text
        formats.append(entry)
    return formats


def _is_single(template: FormatTemplate) -> bool:
    descriptions = template[0][2]
    return any(d in descriptions for d in ("Single", "EP", '7"', "Mini")) or (
        template[0][0] == "Vinyl" and '12"' in descriptions
    )


ALBUM_TEMPLATES = tuple(t for t in FORMAT_TEMPLATES if not _is_single(t))
SINGLE_TEMPLATES = tuple(t for t in FORMAT_TEMPLATES if _is_single(t))


def _split(count: int, parts: int) -> list[int]:
    """``count`` items over ``parts`` groups, as evenly as possible, earlier groups larger."""
    base, extra = divmod(count, parts)
    return [base + (1 if i < extra else 0) for i in range(parts)]


def _medium(formats: list[Obj]) -> Obj:
    """The format that carries the tracks (not a box or "All Media")."""
    return next((f for f in formats if f["name"] not in CONTAINER_FORMATS), formats[0])


def _layout(formats: list[Obj], count: int) -> list[tuple[int, str]]:
    """(group, position) of each of ``count`` tracks; a group is a side or a disc."""
    medium = _medium(formats)
    qty = int(medium["qty"])
    if medium["name"] in ("Vinyl", "Cassette"):
        sides = min(count, 2 * qty if medium["name"] == "Vinyl" else 2) or 1
        layout = []
        for side, size in enumerate(_split(count, sides)):
            letter = chr(ord("A") + side)
            for n in range(1, size + 1):
                layout.append((side, letter if size == 1 else f"{letter}{n}"))
        return layout
    if qty > 1:
        discs = min(qty, count)
        return [
            (disc, f"{disc + 1}-{n}")
            for disc, size in enumerate(_split(count, discs))
            for n in range(1, size + 1)
        ]
    return [(0, str(n)) for n in range(1, count + 1)]


class _Builder:
    """Builds one catalogue; every random choice goes through ``self.rng``."""

    def __init__(self, seed: int) -> None:
        self.rng = random.Random(seed)
        self.cat = Catalogue()
        self.next_ids = dict(GENERATED_ID_START)
        self.script_of: dict[int, str] = {}  # artist or label id -> script
        self.artists_by_script: dict[str, list[Obj]] = {name: [] for name in SCRIPTS}
        self.persons: list[Obj] = []
        self.groups: list[Obj] = []
        self.record_labels: list[Obj] = []
        self.companies: dict[str, list[Obj]] = {}  # company kind -> labels
        self.series: list[Obj] = []
        self.catno_prefix: dict[int, str] = {}
        self.sublabels: dict[int, list[int]] = {}  # parent label id -> sublabel ids
        self.used_names: set[str] = set()
        self.release_ids: list[int] = []  # in creation order, for markup references

    # -- ids, names, words -----------------------------------------------------------------
    def new_id(self, kind: str) -> int:
        value = self.next_ids[kind]
        self.next_ids[kind] = value + self.rng.randint(1, 37)
        return value

    def unique(self, name: str) -> str:
        """Discogs disambiguates equal names with " (2)", " (3)", ..."""
        candidate, n = name, 1
        while candidate in self.used_names:
            n += 1
            candidate = f"{name} ({n})"
        self.used_names.add(candidate)
        return candidate

    def pick_script(self) -> str:
        names, weights = zip(*SCRIPT_WEIGHTS, strict=True)
        return self.rng.choices(names, weights)[0]

    def person_name(self, script: str) -> str:
        s = SCRIPTS[script]
        given, family = self.rng.choice(s.given), self.rng.choice(s.family)
        return f"{family}{s.space}{given}" if s.family_first else f"{given}{s.space}{family}"

    def phrase(self, script: str, words: int) -> str:
        s = SCRIPTS[script]
        chosen = self.rng.sample(s.words, words)
        if script == "latin" and words == 2 and self.rng.random() < 0.3:
            return f"{chosen[0]} Of The {chosen[1]}"
        return s.space.join(chosen)

    def title(self, script: str) -> str:
        if script != "latin" and self.rng.random() < 0.2:
            script = "latin"  # plenty of non-Latin artists release English titles
        return self.phrase(script, self.rng.choice((1, 2, 2, 3)))

    def timestamp(self, start: datetime, end: datetime) -> datetime:
        span = int((end - start).total_seconds())
        return start + timedelta(seconds=self.rng.randrange(max(span, 1)))

    # -- artists --------------------------------------------------------------------------------
    def add_artist(self, artist_id: int, name: str, kind: str, script: str) -> Obj:
        rng = self.rng
        handle = slug(name).lower() if name.isascii() else f"artist{artist_id}"
        urls = [f"https://{handle}.bandcamp.com", f"https://soundcloud.com/{handle}"]
        if rng.random() < 0.4:
            urls.append(f"http://en.wikipedia.org/wiki/{slug(name)}")
        sizes = [(600, 600)]
        if rng.random() < 0.5:
            sizes.append((rng.choice((500, 600)), rng.choice((400, 600))))
        artist: Obj = {
            "namevariations": self.name_variations(name, script),
            "profile": "",  # written once everything exists (it links to other objects)
            "releases_url": api_url(f"/artists/{artist_id}/releases"),
            "resource_url": api_url(f"/artists/{artist_id}"),
            "uri": f"{WEBSITE}/artist/{artist_id}-{slug(name)}",
            "urls": urls[: rng.randint(0, len(urls))],
            "data_quality": rng.choice(DATA_QUALITIES),
            "id": artist_id,
            "images": _images("A", artist_id, sizes),
            "name": name,
        }
        if kind == "person":
            artist["realname"] = self.person_name(script) if rng.random() < 0.5 else name
        self.cat.artists[artist_id] = artist
        self.script_of[artist_id] = script
        if kind == "person":
            self.persons.append(artist)
        elif kind == "group":
            self.groups.append(artist)
        if _is_generated("artist", artist_id):  # documented artists keep to their releases
            self.artists_by_script[script].append(artist)
        return artist

    def name_variations(self, name: str, script: str) -> list[str]:
        base = _NAME_SUFFIX.sub("", name)
        candidates = []
        if base.upper() != base:
            candidates.append(base.upper())
        words = base.split(" ")
        if len(words) > 1 and script in ("latin", "diacritics"):
            candidates.append(f"{words[0][0]}. {' '.join(words[1:])}")
            candidates.append(words[-1])
        if base.startswith("The "):
            candidates.append(base[4:])
        self.rng.shuffle(candidates)
        return candidates[: self.rng.randint(0, 2)]

    def generate_artists(self, persons: int, groups: int) -> None:
        rng = self.rng
        for i in range(persons):
            script = self.pick_script()
            if i < len(AWKWARD_NAMES) - 1:
                name = AWKWARD_NAMES[i + 1]  # the first awkward name is a group
            elif script == "latin" and rng.random() < 0.25:
                name = f"{rng.choice(('DJ', 'MC', 'Lady', 'Dr.'))} {rng.choice(SCRIPTS['latin'].words)}"
            else:
                name = self.person_name(script)
            self.add_artist(self.new_id("artist"), self.unique(name), "person", script)
        for i in range(groups):
            script = self.pick_script()
            if i == 0:
                name = AWKWARD_NAMES[0]
            elif script == "latin" and rng.random() < 0.5:
                name = f"The {self.phrase('latin', 2)}"
            else:
                name = self.phrase(script, rng.choice((1, 2)))
            self.add_artist(self.new_id("artist"), self.unique(name), "group", script)

    def link_members(self) -> None:
        """Fill ``members`` of generated groups and ``groups``/``aliases`` of persons."""
        rng = self.rng
        generated = [p for p in self.persons if _is_generated("artist", p["id"])]
        for group in self.groups:
            if "members" in group or not _is_generated("artist", group["id"]):
                continue
            script = self.script_of[group["id"]]
            same_script = [p for p in generated if self.script_of[p["id"]] == script]
            pool = same_script if len(same_script) >= 5 else generated
            members = rng.sample(pool, rng.randint(2, 5))
            group["members"] = [
                {"active": rng.random() < 0.8, **_ref("artists", m)} for m in members
            ]
        for group in self.cat.artists.values():
            for member in group.get("members", ()):
                person = self.cat.artists[member["id"]]
                entry = {"active": member["active"], **_ref("artists", group)}
                person.setdefault("groups", []).append(entry)
        for person in rng.sample(generated, len(generated) // 7):
            other = rng.choice(generated)
            if other is person or any(a["id"] == other["id"] for a in person.get("aliases", ())):
                continue
            person.setdefault("aliases", []).append(_ref("artists", other))
            other.setdefault("aliases", []).append(_ref("artists", person))

    # -- labels ---------------------------------------------------------------------------------
    def add_label(self, label_id: int, name: str, kind: str, script: str) -> Obj:
        rng = self.rng
        handle = slug(name).lower() if name.isascii() else f"label{label_id}"
        label: Obj = {
            "profile": "",  # written at the end, like artist profiles
            "releases_url": api_url(f"/labels/{label_id}/releases"),
            "name": name,
            "contact_info": "",
            "uri": f"{WEBSITE}/label/{label_id}-{slug(name)}",
            "sublabels": [],
            "urls": [f"http://www.{handle}.com", f"https://{handle}.bandcamp.com"][
                : rng.randint(0, 2)
            ],
            "images": _images("L", label_id, [(rng.choice((300, 600)), 300)]),
            "resource_url": api_url(f"/labels/{label_id}"),
            "id": label_id,
            "data_quality": rng.choice(DATA_QUALITIES),
        }
        self.cat.labels[label_id] = label
        self.script_of[label_id] = script
        letters = "".join(ch for ch in name.upper() if "A" <= ch <= "Z")[:4]
        self.catno_prefix[label_id] = letters or "".join(
            rng.choice("ABCDEFGHJKLMNPRSTVWXYZ") for _ in range(3)
        )
        if kind == "label":
            self.record_labels.append(label)
        elif kind == "series":
            self.series.append(label)
        else:
            self.companies.setdefault(kind, []).append(label)
        return label

    def generate_labels(self, count: int) -> None:
        rng = self.rng
        kinds = ("label",) * 12 + ("studio", "plant", "distributor", "publisher", "series")
        company_names = {
            "studio": ("{} Studios", "Studio {}", "{} Mastering"),
            "plant": ("{} Pressing", "{} Disc Manufacturing", "Pallas {}"),
            "distributor": ("{} Distribution", "{} Vertrieb"),
            "publisher": ("{} Publishing", "{} Music Publishing", "Edition {}"),
            "series": ("{} Series", "{} Collection", "The {} Sessions"),
        }
        for i in range(count):
            kind = kinds[i % len(kinds)]
            script = self.pick_script() if kind == "label" else "latin"
            word = self.phrase(script, 1)
            form = rng.choice(company_names.get(kind) or SCRIPTS[script].label_forms)
            self.add_label(self.new_id("label"), self.unique(form.format(word)), kind, script)
        # a quarter of the generated record labels become sublabels of another one
        generated = [lb for lb in self.record_labels if _is_generated("label", lb["id"])]
        parents = generated[: len(generated) // 8]
        for child in generated[len(parents) : len(parents) * 3]:
            self.sublabels.setdefault(rng.choice(parents)["id"], []).append(child["id"])

    def link_sublabels(self) -> None:
        for parent_id, children in self.sublabels.items():
            parent = self.cat.labels[parent_id]
            for child_id in children:
                child = self.cat.labels[child_id]
                if not any(s["id"] == child_id for s in parent["sublabels"]):
                    parent["sublabels"].append(
                        {
                            "resource_url": child["resource_url"],
                            "id": child_id,
                            "name": child["name"],
                        }
                    )
                child["parent_label"] = _ref("labels", parent)

    # -- credits --------------------------------------------------------------------------------
    def credit_for(self, artist: Obj, **kwargs: str) -> Obj:
        anv = ""
        if artist.get("namevariations") and self.rng.random() < 0.12:
            anv = self.rng.choice(artist["namevariations"])
        return _credit(artist, anv=anv, **kwargs)

    def main_credits(self, script: str) -> list[Obj]:
        rng = self.rng
        pool = self.artists_by_script[script] or self.persons
        roll = rng.random()
        count = 1 if roll < 0.78 else 2 if roll < 0.93 else 3
        chosen = rng.sample(pool, min(count, len(pool)))
        joins = [rng.choice(ARTIST_JOINS)] if len(chosen) == 2 else [",", "&"]
        return [
            self.credit_for(a, join=joins[i] if i < len(chosen) - 1 else "")
            for i, a in enumerate(chosen)
        ]

    def extra_credits(self, count: int) -> list[Obj]:
        rng = self.rng
        credits = []
        for artist in rng.sample(self.persons, count):
            roles = rng.sample(CREDIT_ROLES, rng.choice((1, 1, 1, 2)))
            credits.append(self.credit_for(artist, role=", ".join(roles)))
        return credits

    # -- songs and tracklists -------------------------------------------------------------------
    def songs(self, script: str, count: int, *, various: bool = False) -> list[_Song]:
        rng = self.rng
        songs = []
        for _ in range(count):
            title = self.title(script)
            if rng.random() < 0.12:
                title += rng.choice(SONG_SUFFIXES)
            seconds = rng.randint(95, 560) if rng.random() < 0.93 else None
            song = _Song(title, seconds)
            if various:
                song.artists = self.main_credits(self.pick_script())
            if rng.random() < 0.15:
                artist = rng.choice(self.persons)
                song.credits.append(self.credit_for(artist, role=rng.choice(TRACK_ROLES)))
            songs.append(song)
        return songs

    def tracklist(self, songs: list[_Song], formats: list[Obj]) -> tuple[list[Obj], list[str]]:
        """The tracklist of a release of ``songs`` on ``formats``, and its track positions."""
        rng = self.rng
        layout = _layout(formats, len(songs))
        with_durations = rng.random() > 0.08
        headings = len({g for g, _ in layout}) > 1 and rng.random() < 0.25
        index_start = (
            rng.randrange(len(songs) - 2) if len(songs) >= 6 and rng.random() < 0.15 else -1
        )
        index_end = index_start + rng.randint(2, 3) if index_start >= 0 else -1
        medium = _medium(formats)["name"]
        tracklist: list[Obj] = []
        suite: Obj | None = None
        for i, (song, (group, position)) in enumerate(zip(songs, layout, strict=True)):
            if headings and (i == 0 or layout[i - 1][0] != group):
                title = (
                    HEADINGS_BY_SIDE[group]
                    if medium == "Vinyl" and group < 6
                    else f"Disc {group + 1}"
                )
                tracklist.append(
                    {"duration": "", "position": "", "title": title, "type_": "heading"}
                )
                suite = None
            track: Obj = {
                "duration": _duration(song.seconds) if with_durations and song.seconds else "",
                "position": position,
                "title": song.title,
                "type_": "track",
            }
            if song.artists:
                track["artists"] = [dict(c) for c in song.artists]
            if song.credits:
                track["extraartists"] = [dict(c) for c in song.credits]
            if i == index_start:
                suite = {
                    "duration": "",
                    "position": "",
                    "title": rng.choice(SUITE_TITLES),
                    "type_": "index",
                    "sub_tracks": [],
                }
                tracklist.append(suite)
            if suite is not None and index_start <= i < index_end:
                suite["sub_tracks"].append(track)
            else:
                tracklist.append(track)
        return tracklist, [position for _, position in layout]

    # -- releases --------------------------------------------------------------------------------
    def label_entry(self, label: Obj, catno: str | None = None) -> Obj:
        if catno is None:
            prefix = self.catno_prefix[label["id"]]
            number = self.rng.randint(1, 999)
            catno = self.rng.choice(
                (f"{prefix} {number:03d}", f"{prefix}{number:03d}", f"{prefix}-{number}-2")
            )
        return {
            "catno": catno,
            "entity_type": "1",
            "id": label["id"],
            "name": label["name"],
            "resource_url": api_url(f"/labels/{label['id']}"),
        }

    def series_entry(self, label: Obj, catno: str) -> Obj:
        return {
            "catno": catno,
            "entity_type": "22",
            "entity_type_name": "Series",
            "id": label["id"],
            "name": label["name"],
            "resource_url": api_url(f"/labels/{label['id']}"),
        }

    def company_entries(self, count: int) -> list[Obj]:
        entries = []
        for entity_type, type_name, kind in self.rng.sample(COMPANY_ROLES, count):
            pool = self.companies.get(kind) or self.record_labels
            company = self.rng.choice(pool)
            entries.append(
                {
                    "catno": "",
                    "entity_type": entity_type,
                    "entity_type_name": type_name,
                    "id": company["id"],
                    "name": company["name"],
                    "resource_url": api_url(f"/labels/{company['id']}"),
                }
            )
        return entries

    def identifiers(
        self, formats: list[Obj], labels: list[Obj], year: int, barcode: str | None
    ) -> list[Obj]:
        rng = self.rng
        result: list[Obj] = []
        if barcode or (year >= 1982 and rng.random() < 0.75):
            result.append({"type": "Barcode", "value": barcode or _ean13(rng)})
        catno = labels[0]["catno"] if labels else "none"
        if _medium(formats)["name"] == "Vinyl" and rng.random() < 0.7:
            for side in "AB":
                value = f"{catno}-{side}{rng.randint(1, 3)}"
                result.append(
                    {"type": "Matrix / Runout", "description": f"Side {side}", "value": value}
                )
        if rng.random() < 0.4:
            result.append({"type": "Rights Society", "value": rng.choice(RIGHTS_SOCIETIES)})
        return result

    def community(self, have_want: tuple[int, int] | None) -> Obj:
        rng = self.rng
        weights = [6] * 6 + [1] * (len(USERNAMES) - 6)
        submitter, *others = rng.choices(USERNAMES, weights, k=rng.randint(1, 4))
        contributors = [submitter] + [u for u in dict.fromkeys(others) if u != submitter]
        have, want = have_want or (
            int(rng.paretovariate(1.2) * 20) - 20,
            int(rng.paretovariate(1.3) * 8) - 8,
        )
        count = rng.randint(0, max(1, have // 5))
        return {
            "contributors": [_user_ref(u) for u in contributors],
            "data_quality": rng.choice(DATA_QUALITIES),
            "have": have,
            "rating": {"average": round(rng.uniform(2.5, 5), 2) if count else 0, "count": count},
            "status": "Accepted",
            "submitter": _user_ref(submitter),
            "want": want,
        }

    def videos(self, artist: str, songs: list[_Song]) -> list[Obj]:
        rng = self.rng
        chosen = rng.sample(songs, min(len(songs), rng.choice((0, 0, 1, 1, 2, 3))))
        videos = []
        for song in chosen:
            title = f"{artist} - {song.title}"
            video_id = "".join(rng.choice(VIDEO_ID_ALPHABET) for _ in range(11))
            videos.append(
                {
                    "description": title,
                    "duration": song.seconds or 200,
                    "embed": True,
                    "title": title,
                    "uri": f"https://www.youtube.com/watch?v={video_id}",
                }
            )
        return videos

    def notes(self, labels: list[Obj], master_id: int | None) -> str:
        """Release notes in Discogs markup, linking only to objects that exist."""
        rng = self.rng
        lines = []
        if labels and rng.random() < 0.5:
            lines.append(f"Released on {markup_link('l', labels[0])} under license.")
        if rng.random() < 0.4:
            lines.append(f"Mastered by {markup_link('a', rng.choice(self.persons))}.")
        if self.release_ids and rng.random() < 0.3:
            lines.append(f"Companion release to [r{rng.choice(self.release_ids)}].")
        if master_id and rng.random() < 0.2:
            lines.append(f"Other versions: see [m{master_id}].")
        if rng.random() < 0.2:
            lines.append("[b]Limited[/b] to [i]500[/i] copies.")
        if rng.random() < 0.15:
            lines.append("[url=http://www.example.com/liner-notes]Liner notes online[/url]")
        if rng.random() < 0.1:
            lines.append("Durations do not appear on the release.")
        return "\r\n".join(lines)

    def add_release(
        self,
        release_id: int,
        *,
        artists: list[Obj],
        title: str,
        year: int,
        country: str,
        formats: list[Obj],
        labels: list[Obj],
        genres: list[str],
        styles: list[str],
        songs: list[_Song],
        master_id: int | None = None,
        thumb: str | None = None,
        cover_image: str | None = None,
        have_want: tuple[int, int] | None = None,
        series: list[Obj] | None = None,
        barcode: str | None = None,
        released: str | None = None,
    ) -> Obj:
        rng = self.rng
        tracklist, positions = self.tracklist(songs, formats)
        extraartists = self.extra_credits(rng.randint(1, 5))
        for credit in extraartists:
            if rng.random() < 0.3 and len(positions) > 1:
                first, last = sorted(rng.sample(range(len(positions)), 2))
                credit["tracks"] = f"{positions[first]} to {positions[last]}"
        if released is None:
            released = self.released(year)
        added = self.timestamp(_EPOCH, _LAST_CHANGE)
        changed = self.timestamp(added, _LAST_CHANGE)
        images = _images("R", release_id, [(600, 600)] * rng.randint(1, 4))
        if thumb:
            images[0]["uri150"] = thumb
        if cover_image:
            images[0]["uri"] = images[0]["resource_url"] = cover_image
        num_for_sale = rng.choice((0, 0, 1, 2, 3, 5, 8, 13, 40))
        artist_text = display_artist({"artists": artists})
        release: Obj = {
            "title": title,
            "id": release_id,
            "artists": artists,
            "data_quality": rng.choice(DATA_QUALITIES),
            "thumb": images[0]["uri150"],
            "community": self.community(have_want),
            "companies": self.company_entries(rng.randint(0, 4)),
            "country": country,
            "date_added": added.isoformat(timespec="seconds"),
            "date_changed": changed.isoformat(timespec="seconds"),
            "estimated_weight": sum(
                GRAMS_PER_ITEM.get(f["name"], 60) * int(f["qty"]) for f in formats
            ),
            "extraartists": extraartists,
            "format_quantity": sum(
                int(f["qty"]) for f in formats if f["name"] not in CONTAINER_FORMATS
            )
            or 1,
            "formats": formats,
            "genres": genres,
            "identifiers": self.identifiers(formats, labels, year, barcode),
            "images": images,
            "labels": labels,
            "lowest_price": round(rng.uniform(0.5, 80), 2) if num_for_sale else None,
            "master_id": master_id,
            "master_url": api_url(f"/masters/{master_id}") if master_id else None,
            "notes": self.notes(labels, master_id),
            "num_for_sale": num_for_sale,
            "released": released,
            "released_formatted": released_formatted(released),
            "resource_url": api_url(f"/releases/{release_id}"),
            "series": series or [],
            "status": "Accepted",
            "styles": styles,
            "tracklist": tracklist,
            "uri": f"{WEBSITE}/{slug(f'{artist_text} {title}')}/release/{release_id}",
            "videos": self.videos(artist_text, songs),
            "year": year,
        }
        if master_id is None:
            del release["master_id"], release["master_url"]
        self.cat.releases[release_id] = release
        self.release_ids.append(release_id)
        return release

    def released(self, year: int) -> str:
        released = str(year)
        if self.rng.random() < 0.6:
            released += f"-{self.rng.randint(1, 12):02d}"
            if self.rng.random() < 0.6:
                released += f"-{self.rng.randint(1, 28):02d}"
        return released

    def genres_styles(self) -> tuple[list[str], list[str]]:
        genres = self.rng.sample(list(GENRE_STYLES), self.rng.choice((1, 1, 1, 2)))
        styles = [
            s for g in genres for s in self.rng.sample(GENRE_STYLES[g], self.rng.randint(1, 2))
        ]
        return genres, list(dict.fromkeys(styles))

    def generated_release(
        self,
        *,
        artists: list[Obj],
        title: str,
        year: int,
        template: FormatTemplate,
        genres: list[str],
        styles: list[str],
        songs: list[_Song],
        master_id: int | None = None,
    ) -> Obj:
        rng = self.rng
        labels = [self.label_entry(rng.choice(self.record_labels))]
        if rng.random() < 0.12:
            labels.append(self.label_entry(rng.choice(self.record_labels)))
        series = []
        if rng.random() < 0.06:
            series.append(self.series_entry(rng.choice(self.series), f"Vol. {rng.randint(1, 40)}"))
        return self.add_release(
            self.new_id("release"),
            artists=[dict(a) for a in artists],
            title=title,
            year=year,
            country=rng.choice(COUNTRIES),
            formats=_format_dicts(template),
            labels=labels,
            genres=genres,
            styles=styles,
            songs=songs,
            master_id=master_id,
            series=series,
        )

    # -- masters ----------------------------------------------------------------------------------
    def song_count(self, template: FormatTemplate) -> int:
        if _is_single(template):
            return 2 if '7"' in template[0][2] else self.rng.randint(2, 5)
        return self.rng.randint(7, 14)

    def generate_master(self, awkward_title: str | None) -> None:
        rng = self.rng
        artists = self.main_credits(self.pick_script())
        script = self.script_of[artists[0]["id"]]
        master_id = self.new_id("master")
        single = rng.random() < 0.3
        templates = SINGLE_TEMPLATES if single else ALBUM_TEMPLATES
        songs = self.songs(script, self.song_count(rng.choice(templates)))
        title = awkward_title or self.title(script)
        year = rng.randint(1958, 2022)
        genres, styles = self.genres_styles()
        for n in range(rng.randint(2, 12)):
            version_year = (
                year if n == 0 else min(2024, year + rng.choice((0, 0, 1, 2, 5, 10, 20, 25)))
            )
            version_title = title
            if n and rng.random() < 0.12:
                version_title += rng.choice((" (Remastered)", " [Deluxe Edition]", " (Expanded)"))
            self.generated_release(
                artists=artists,
                title=version_title,
                year=version_year,
                template=rng.choice(templates),
                genres=genres,
                styles=styles,
                songs=songs,
                master_id=master_id,
            )
        self.cat.masters[master_id] = {"id": master_id}  # completed by finish_masters

    def generate_standalone(self, various: bool) -> None:
        rng = self.rng
        if various:
            artists = [_credit(self.cat.artists[194])]
            script = self.pick_script()
        else:
            artists = self.main_credits(self.pick_script())
            script = self.script_of[artists[0]["id"]]
        template = rng.choice(FORMAT_TEMPLATES)
        genres, styles = self.genres_styles()
        self.generated_release(
            artists=artists,
            title=self.title(script),
            year=rng.randint(1955, 2024),
            template=template,
            genres=genres,
            styles=styles,
            songs=self.songs(script, self.song_count(template), various=various),
        )

    def master_object(self, master_id: int, main_release_id: int, versions: list[Obj]) -> Obj:
        main = self.cat.releases[main_release_id]
        for_sale = sum(v.get("num_for_sale") or 0 for v in versions)
        prices = [v["lowest_price"] for v in versions if v.get("lowest_price") is not None]
        title = DOCUMENTED_MASTERS.get(master_id, (main["title"],))[0]
        return {
            "styles": list(main["styles"]),
            "genres": list(main["genres"]),
            "videos": copy.deepcopy(main["videos"]),
            "title": title,
            "main_release": main_release_id,
            "main_release_url": api_url(f"/releases/{main_release_id}"),
            "uri": f"{WEBSITE}/{slug(display_artist(main) + ' ' + title)}/master/{master_id}",
            "artists": copy.deepcopy(main["artists"]),
            "versions_url": api_url(f"/masters/{master_id}/versions"),
            "year": min(v["year"] for v in versions),
            "images": copy.deepcopy(main["images"]),
            "resource_url": api_url(f"/masters/{master_id}"),
            "tracklist": copy.deepcopy(_master_tracklist(main, versions)),
            "id": master_id,
            "num_for_sale": for_sale,
            "lowest_price": min(prices) if prices else None,
            "data_quality": main["data_quality"],
        }

    def finish_masters(self) -> None:
        """Turn master placeholders into masters, from their versions."""
        versions: dict[int, list[Obj]] = {}
        for release in self.cat.releases.values():
            if release.get("master_id") in self.cat.masters:
                versions.setdefault(release["master_id"], []).append(release)
        for master_id in list(self.cat.masters):
            if master_id == 1000:
                continue  # verbatim
            releases = versions[master_id]
            documented = DOCUMENTED_MASTERS.get(master_id)
            main_id = (
                documented[1]
                if documented
                else min(releases, key=lambda r: (r["year"], r["id"]))["id"]
            )
            self.cat.masters[master_id] = self.master_object(master_id, main_id, releases)

    # -- the document's objects -------------------------------------------------------------------
    def add_documented_entities(self) -> None:
        for artist_id, name, kind, members in DOCUMENTED_ARTISTS:
            artist = self.add_artist(artist_id, name, kind, "latin")
            self.used_names.add(name)
            if members:
                artist["members"] = [
                    {"active": True, **_ref("artists", self.cat.artists[m])} for m in members
                ]
        self.cat.artists[240177]["namevariations"] = ["Grimmy"]  # as the submissions show
        for label_id, name, kind, parent in DOCUMENTED_LABELS:
            self.add_label(label_id, name, kind, "latin")
            self.used_names.add(name)
            if parent is not None:
                self.sublabels.setdefault(parent, []).append(label_id)

    def add_verbatim(self) -> None:
        """The example objects that are database objects, exactly as the document has them."""
        for release in VERBATIM_RELEASES:
            self.cat.releases[release["id"]] = copy.deepcopy(release)
            self.release_ids.append(release["id"])
        self.cat.masters[1000] = copy.deepcopy(examples.MASTER_1000)
        # The document's artist example lost its "name" in publishing; the real API sends it,
        # and clients read it, so the stored copy has it back (everything else is verbatim).
        self.cat.artists[108713] = {"name": "Nickelback", **copy.deepcopy(examples.ARTIST_108713)}
        self.cat.labels[1] = copy.deepcopy(examples.LABEL_1)
        self.used_names.update(("Nickelback", "Planet E"))
        for master_id in DOCUMENTED_MASTERS:
            self.cat.masters[master_id] = {"id": master_id}  # completed by finish_masters

    def add_documented_releases(self) -> None:
        master_1000_songs = _songs_from_tracklist(examples.MASTER_1000["tracklist"])
        for spec in DOCUMENTED_RELEASES:
            artists = [_credit(self.cat.artists[a], join=join) for a, join in spec.artists]
            if spec.master_id == 1000:
                songs = master_1000_songs
            else:
                count = self.song_count(spec.formats)
                songs = self.songs("latin", count, various=spec.artists[0][0] == 194)
            self.add_release(
                spec.id,
                artists=artists,
                title=spec.title,
                year=spec.year,
                country=spec.country,
                formats=_format_dicts(spec.formats),
                labels=[self.label_entry(self.cat.labels[i], catno) for i, catno in spec.labels],
                genres=list(spec.genres),
                styles=list(spec.styles),
                songs=songs,
                master_id=spec.master_id,
                thumb=spec.thumb,
                cover_image=spec.cover_image,
                have_want=spec.have_want,
                series=[self.series_entry(self.cat.labels[i], c) for i, c in spec.series],
                barcode=spec.barcode,
                released=str(spec.year),  # the document gives years only
            )
        # master 1000's main release shows the master's own images and videos
        stardiver = self.cat.releases[66785]
        stardiver["images"] = copy.deepcopy(examples.MASTER_1000["images"])
        stardiver["thumb"] = stardiver["images"][0]["uri150"]
        stardiver["videos"] = copy.deepcopy(examples.MASTER_1000["videos"])

    def extend_documented_masters(self) -> None:
        """Give each documented master a few generated versions besides its documented ones."""
        main_ids = {master_id: main for master_id, (_, main) in DOCUMENTED_MASTERS.items()}
        main_ids[1000] = examples.MASTER_1000["main_release"]
        for master_id, main_id in main_ids.items():
            main = self.cat.releases[main_id]
            songs = _songs_from_tracklist(_master_tracklist(main, self.versions_of(master_id)))
            single = len(songs) <= 5
            for _ in range(self.rng.randint(1, 3)):
                self.generated_release(
                    artists=main["artists"],
                    title=main["title"],
                    year=main["year"] + self.rng.choice((0, 0, 1, 3, 10)),
                    template=self.rng.choice(SINGLE_TEMPLATES if single else ALBUM_TEMPLATES),
                    genres=list(main["genres"]),
                    styles=list(main["styles"]),
                    songs=songs,
                    master_id=master_id,
                )

    def versions_of(self, master_id: int) -> list[Obj]:
        return [r for r in self.cat.releases.values() if r.get("master_id") == master_id]

    # -- profiles (written last: they link to everything) -----------------------------------------
    def write_profiles(self) -> None:
        rng = self.rng
        discography: dict[int, list[Obj]] = {}
        for release in self.cat.releases.values():
            for credit in release["artists"]:
                discography.setdefault(credit["id"], []).append(release)
        for artist in self.cat.artists.values():
            if artist.get("profile") == "":
                artist["profile"] = self.artist_profile(artist, discography.get(artist["id"], []))
        for label in self.cat.labels.values():
            if label["profile"] == "":
                label["profile"] = self.label_profile(label)
                city = rng.choice(CITIES[self.script_of[label["id"]]])
                handle = slug(label["name"]).lower() if label["name"].isascii() else "label"
                label["contact_info"] = (
                    f"{label['name']}\r\nP.O. Box {rng.randint(100, 99999)}\r\n{city}\r\n\r\n"
                    f"email: info AT {handle} DOT com\r\n"
                )

    def artist_profile(self, artist: Obj, releases: list[Obj]) -> str:
        rng = self.rng
        name = artist["name"]
        city = rng.choice(CITIES[self.script_of[artist["id"]]])
        if artist["id"] == 194:
            return "Used for compilations with tracks by [i]various[/i] artists."
        if "members" in artist:
            lineup = ", ".join(
                markup_link("a", m) if rng.random() < 0.6 else f"[a{m['id']}]"
                for m in artist["members"]
            )
            parts = [
                f"[b]{name}[/b] formed in {city} in {rng.randint(1960, 2015)}.",
                f"Line-up: {lineup}.",
            ]
        else:
            role = rng.choice(("producer", "singer", "DJ", "composer", "multi-instrumentalist"))
            parts = [f"[b]{name}[/b] is a {role} from {city}."]
        for group in artist.get("groups", [])[:2]:
            parts.append(f"Member of {markup_link('a', group)}.")
        for alias in artist.get("aliases", [])[:1]:
            parts.append(f"Also records as [a{alias['id']}].")
        if releases:
            first = min(releases, key=lambda r: (r["year"], r["id"]))
            parts.append(f"Debut: [r{first['id']}] ({first['year']}).")
            if first["labels"]:
                parts.append(f"Long-time home: {markup_link('l', first['labels'][0])}.")
            if first.get("master_id"):
                parts.append(f"Best known for [m{first['master_id']}].")
        if artist.get("urls") and rng.random() < 0.5:
            parts.append(f"[url={artist['urls'][0]}]Official page[/url]")
        if rng.random() < 0.2:
            parts.append("[i]Not to be confused with the artist of the same name.[/i]")
        return ("\r\n\r\n" if rng.random() < 0.3 else " ").join(parts)

    def label_profile(self, label: Obj) -> str:
        rng = self.rng
        city = rng.choice(CITIES[self.script_of[label["id"]]])
        parts = [f"Independent label from {city}, founded {rng.randint(1950, 2020)}."]
        if rng.random() < 0.6:
            parts.append(f"[b]Label owner:[/b] {markup_link('a', rng.choice(self.persons))}.")
        if label["sublabels"]:
            parts.append(
                "Sublabels: " + ", ".join(markup_link("l", s) for s in label["sublabels"]) + "."
            )
        if "parent_label" in label:
            parts.append(f"Sublabel of [l{label['parent_label']['id']}].")
        if rng.random() < 0.3:
            parts.append("[url=http://www.example.com/labels]Catalogue overview[/url]")
        return "\r\n".join(parts)


def _master_tracklist(main: Obj, versions: list[Obj]) -> list[Obj]:
    """The main release's tracklist; the verbatim promos have none, so then a sibling's."""
    with_tracks = [main, *(v for v in versions if v.get("tracklist"))]
    return next((r["tracklist"] for r in with_tracks if r.get("tracklist")), [])


def _parse_duration(text: str) -> int | None:
    if not text:
        return None
    seconds = 0
    for part in text.split(":"):
        seconds = seconds * 60 + int(part)
    return seconds


def _songs_from_tracklist(tracklist: list[Obj]) -> list[_Song]:
    songs = []
    for track in _flat_tracks(tracklist):
        songs.append(
            _Song(
                track["title"],
                _parse_duration(track.get("duration", "")),
                [dict(c) for c in track.get("artists", ())],
                [dict(c) for c in track.get("extraartists", ())],
            )
        )
    return songs


def _flat_tracks(tracklist: list[Obj]) -> Iterator[Obj]:
    """The tracks of a tracklist, sub tracks of index tracks included, headings left out."""
    for track in tracklist:
        if track.get("type_") == "index":
            yield from track.get("sub_tracks", ())
        elif track.get("type_", "track") == "track":
            yield track


# -- building ------------------------------------------------------------------------------------

GENERATED_MASTERS = 300
GENERATED_STANDALONE_RELEASES = 450
GENERATED_PERSONS = 360
GENERATED_GROUPS = 160
GENERATED_LABELS = 200


def build_catalogue(seed: int = 2014) -> Catalogue:
    """A fresh catalogue; equal seeds give equal catalogues."""
    builder = _Builder(seed)
    builder.add_documented_entities()
    builder.generate_labels(GENERATED_LABELS)
    builder.generate_artists(GENERATED_PERSONS, GENERATED_GROUPS)
    builder.add_verbatim()
    builder.add_documented_releases()
    builder.extend_documented_masters()
    for n in range(GENERATED_MASTERS):
        awkward = AWKWARD_TITLES[n // 40] if n % 40 == 7 and n // 40 < len(AWKWARD_TITLES) else None
        builder.generate_master(awkward)
    for n in range(GENERATED_STANDALONE_RELEASES):
        builder.generate_standalone(various=n % 9 == 0)
    builder.link_members()
    builder.link_sublabels()
    builder.finish_masters()
    builder.write_profiles()
    build_indexes(builder.cat)
    return builder.cat


@functools.cache
def load_catalogue() -> Catalogue:
    """The process-wide catalogue (seed 2014). Shared: never mutate it.

    It lives as long as the process, so it is moved out of the cyclic collector's sight:
    each full pass would otherwise walk its tens of thousands of objects (30 to 50 ms, at
    whatever request it falls on). Young garbage is collected first, so none is kept."""
    catalogue = build_catalogue()
    gc.collect(1)
    gc.freeze()
    return catalogue


# -- indexes ----------------------------------------------------------------------------------


def build_indexes(catalogue: Catalogue) -> None:
    """Fill the derived fields of ``catalogue`` from its releases, masters, artists and labels."""
    catalogue.master_versions = {master_id: [] for master_id in catalogue.masters}
    catalogue.label_releases = {label_id: [] for label_id in catalogue.labels}
    catalogue.submissions = {}
    catalogue.contributions = {}
    for release_id in sorted(catalogue.releases):
        release = catalogue.releases[release_id]
        if release.get("master_id") in catalogue.master_versions:
            catalogue.master_versions[release["master_id"]].append(release_id)
        for label_id in dict.fromkeys(label["id"] for label in release.get("labels", ())):
            catalogue.label_releases.setdefault(label_id, []).append(release_id)
        community = release.get("community", {})
        if "submitter" in community:
            key = community["submitter"]["username"].lower()
            catalogue.submissions.setdefault(key, []).append(release_id)
        for contributor in community.get("contributors", ()):
            catalogue.contributions.setdefault(contributor["username"].lower(), []).append(
                release_id
            )
    catalogue.artist_releases = _artist_releases(catalogue)
    catalogue.search_haystacks = {
        "release": {i: search_haystack("release", r) for i, r in catalogue.releases.items()},
        "master": {
            i: search_haystack("master", m, main_release=catalogue.releases.get(m["main_release"]))
            for i, m in catalogue.masters.items()
        },
        "artist": {i: search_haystack("artist", a) for i, a in catalogue.artists.items()},
        "label": {i: search_haystack("label", lb) for i, lb in catalogue.labels.items()},
    }
    catalogue.sort_ranks = release_sort_ranks(catalogue.releases)


# The orders of collections, wantlists and contributions that compare a release's own fields.
RELEASE_SORT_KEYS = ("label", "artist", "title", "catno", "format", "year")


def release_sort_values(release: Obj) -> dict[str, Any]:
    """What the ``RELEASE_SORT_KEYS`` compare for a release (text case-insensitively)."""
    label = (release.get("labels") or [{"name": "", "catno": ""}])[0]
    formats = release.get("formats") or [{"name": ""}]
    return {
        "label": label["name"].lower(),
        "artist": display_artist(release).lower(),
        "title": release["title"].lower(),
        "catno": label["catno"].lower(),
        "format": formats[0]["name"].lower(),
        "year": release.get("year") or 0,
    }


def release_sort_ranks(releases: dict[int, Obj]) -> dict[str, dict[int, int]]:
    """Each release's place in the order of each of ``RELEASE_SORT_KEYS`` (releases with equal
    values share a place): sorting by it sorts as the values do, comparing ints, and the first
    request of a sorted page doesn't work the values out."""
    values = {release_id: release_sort_values(release) for release_id, release in releases.items()}
    ranks: dict[str, dict[int, int]] = {}
    for key in RELEASE_SORT_KEYS:
        ranks[key] = rank = {}
        place, last = -1, object()
        for release_id in sorted(values, key=lambda r: values[r][key]):
            if values[release_id][key] != last:
                place, last = place + 1, values[release_id][key]
            rank[release_id] = place
    return ranks


def _artist_releases(catalogue: Catalogue) -> dict[int, list[Obj]]:
    """GET /artists/{id}/releases entries: a master stands for all its versions where the
    artist is a main artist of the master; credits elsewhere list the release itself."""
    entries: dict[int, dict[tuple[str, int], Obj]] = {}
    for release_id in sorted(catalogue.releases):
        release = catalogue.releases[release_id]
        master = catalogue.masters.get(release.get("master_id"))
        master_artists = {a["id"] for a in master["artists"]} if master else set()
        for artist_id, role in _credited_artists(release):
            seen = entries.setdefault(artist_id, {})
            if role == "Main" and artist_id in master_artists:
                seen.setdefault(("master", master["id"]), _master_entry(master, catalogue))
            elif ("release", release_id) not in seen:
                seen[("release", release_id)] = _release_entry(release, role)
    return {
        artist_id: sorted(found.values(), key=lambda e: (e["year"], e["title"], e["id"]))
        for artist_id, found in entries.items()
    }


def _credited_artists(release: Obj) -> Iterator[tuple[int, str]]:
    for credit in release.get("artists", ()):
        yield credit["id"], "Main"
    for credit in release.get("extraartists", ()):
        yield credit["id"], credit["role"].split(",")[0].strip() or "Appearance"
    for track in _flat_tracks(release.get("tracklist", ())):
        for credit in (*track.get("artists", ()), *track.get("extraartists", ())):
            yield credit["id"], "TrackAppearance"


def _master_entry(master: Obj, catalogue: Catalogue) -> Obj:
    main = catalogue.releases.get(master["main_release"], {})
    return {
        "artist": display_artist(master),
        "id": master["id"],
        "main_release": master["main_release"],
        "resource_url": master["resource_url"],
        "role": "Main",
        "thumb": main.get("thumb", ""),
        "title": master["title"],
        "type": "master",
        "year": master["year"],
    }


def _release_entry(release: Obj, role: str) -> Obj:
    labels = release.get("labels") or [{"name": ""}]
    return {
        "artist": display_artist(release),
        "format": format_summary(release.get("formats", ())),
        "id": release["id"],
        "label": labels[0]["name"],
        "resource_url": release["resource_url"],
        "role": role,
        "status": release.get("status", "Accepted"),
        "thumb": release.get("thumb", ""),
        "title": release["title"],
        "type": "release",
        "year": release.get("year", 0),
    }


# -- views ------------------------------------------------------------------------------------


def display_artist(obj: Obj) -> str:
    """The artist line of a release or master: names (or their ANVs) joined by ``join``
    strings, without Discogs' " (2)" disambiguation suffixes."""
    credits = obj.get("artists", ())
    pieces = []
    for i, credit in enumerate(credits):
        pieces.append(_NAME_SUFFIX.sub("", credit.get("anv") or credit["name"]))
        if i < len(credits) - 1:
            join = credit.get("join", "").strip()
            pieces.append(", " if join in ("", ",") else f" {join} ")
    return "".join(pieces)


def format_summary(formats: Iterable[Obj]) -> str:
    """Formats the way Discogs titles show them: ``2x12", Ltd`` or ``LP, Album + 7"``."""
    pieces = []
    for fmt in formats:
        descriptions = list(fmt.get("descriptions", ()))
        head = FORMAT_NAME_ABBREVIATIONS.get(fmt["name"], fmt["name"])
        if head == "Vinyl" and descriptions and descriptions[0] in VINYL_SIZES:
            head = descriptions.pop(0)
        if int(fmt.get("qty") or 1) > 1:
            head = f"{fmt['qty']}x{head}"
        words = [FORMAT_ABBREVIATIONS.get(d, d) for d in descriptions]
        if fmt.get("text"):
            words.append(FORMAT_ABBREVIATIONS.get(fmt["text"], fmt["text"]))
        pieces.append(", ".join(w for w in (head, *words) if w))
    return " + ".join(pieces)


def release_description(release: Obj) -> str:
    """``Artist - Title (LP, Album)``, as marketplace listings and orders describe releases."""
    return f"{display_artist(release)} - {release['title']} ({format_summary(release.get('formats', ()))})"


def _cover_image(release: Obj) -> str:
    images = release.get("images") or [{"uri": ""}]
    return images[0]["uri"]


def basic_information(release: Obj) -> Obj:
    """The ``basic_information`` of collection items and wants. Its formats and artists are
    the catalogue's own lists (a page of 50 copied them in milliseconds): answers only read
    them, and the catalogue is never changed."""
    return {
        "id": release["id"],
        "title": release["title"],
        "year": release.get("year", 0),
        "resource_url": release["resource_url"],
        "thumb": release.get("thumb", ""),
        "cover_image": _cover_image(release),
        "formats": release.get("formats", []),
        "labels": [
            {
                "resource_url": label["resource_url"],
                "entity_type": label.get("entity_type", "1"),
                "catno": label["catno"],
                "id": label["id"],
                "name": label["name"],
                "entity_type_name": "Label",
            }
            for label in release.get("labels", ())
        ],
        "artists": release.get("artists", []),
        "genres": list(release.get("genres", ())),
        "styles": list(release.get("styles", ())),
    }


def version_format(release: Obj) -> str:
    """The ``format`` of a master version: descriptions and texts, e.g. ``12", 33 ⅓ RPM``."""
    words = []
    for fmt in release.get("formats", ()):
        words.extend(fmt.get("descriptions") or [fmt["name"]])
        if fmt.get("text"):
            words.append(fmt["text"])
    return ", ".join(words)


def version_entry(release: Obj) -> Obj:
    """An entry of GET /masters/{id}/versions; ``stats.user`` is for routes to fill in."""
    community = release.get("community", {})
    label = (release.get("labels") or [{"name": "", "catno": ""}])[0]
    return {
        "status": release.get("status", "Accepted"),
        "stats": {
            "user": {"in_collection": 0, "in_wantlist": 0},
            "community": {
                "in_collection": community.get("have", 0),
                "in_wantlist": community.get("want", 0),
            },
        },
        "thumb": release.get("thumb", ""),
        "format": version_format(release),
        "country": release.get("country", ""),
        "title": release["title"],
        "label": label["name"],
        "released": release.get("released", ""),
        "major_formats": list(dict.fromkeys(f["name"] for f in release.get("formats", ()))),
        "catno": label["catno"],
        "resource_url": release["resource_url"],
        "id": release["id"],
    }


def label_release_entry(release: Obj, label_id: int | None = None) -> Obj:
    """An entry of GET /labels/{id}/releases; the catno is the one on ``label_id``."""
    labels = release.get("labels") or [{"id": None, "catno": ""}]
    label = next((lb for lb in labels if lb["id"] == label_id), labels[0])
    return {
        "artist": display_artist(release),
        "catno": label["catno"],
        "format": format_summary(release.get("formats", ())),
        "id": release["id"],
        "resource_url": release["resource_url"],
        "status": release.get("status", "Accepted"),
        "thumb": release.get("thumb", ""),
        "title": release["title"],
        "year": release.get("year", 0),
    }


def listing_release_summary(release: Obj) -> Obj:
    """The ``release`` object of a marketplace listing."""
    return {
        "catalog_number": ", ".join(label["catno"] for label in release.get("labels", ())),
        "resource_url": release["resource_url"],
        "year": release.get("year", 0),
        "id": release["id"],
        "description": release_description(release),
        "artist": display_artist(release),
        "title": release["title"],
        "format": f"({format_summary(release.get('formats', ()))})",
        "thumbnail": release.get("thumb", ""),
    }


def _search_path(uri: str) -> str:
    return uri.removeprefix(WEBSITE)


def search_document(kind: str, obj: Obj, *, main_release: Obj | None = None) -> Obj:
    """A result of GET /database/search (without ``user_data``, which routes add).

    ``kind`` is release, master, artist or label; for masters, ``main_release`` supplies
    what a master does not carry (country, formats, labels, catno, barcodes).
    """
    if kind in ("artist", "label"):
        images = obj.get("images") or [{"uri": "", "uri150": ""}]
        return {
            "id": obj["id"],
            "type": kind,
            "title": object_name(obj),
            "thumb": images[0]["uri150"],
            "cover_image": images[0]["uri"],
            "uri": _search_path(obj["uri"]),
            "resource_url": obj["resource_url"],
        }
    release = obj if kind == "release" else (main_release or {})
    community = release.get("community", {})
    formats = release.get("formats", ())
    document: Obj = {
        "style": list(obj.get("styles", ())),
        "thumb": release.get("thumb", ""),
        "title": f"{display_artist(obj)} - {obj['title']}",
        "country": release.get("country", ""),
        "format": [w for f in formats for w in (f["name"], *f.get("descriptions", ()))],
        "uri": _search_path(obj["uri"]),
        "community": {"want": community.get("want", 0), "have": community.get("have", 0)},
        "label": list(
            dict.fromkeys(
                e["name"] for e in (*release.get("labels", ()), *release.get("series", ()))
            )
        ),
        "catno": (release.get("labels") or [{"catno": ""}])[0]["catno"],
        "year": str(obj.get("year", "")),
        "genre": list(obj.get("genres", ())),
        "resource_url": obj["resource_url"],
        "type": kind,
        "id": obj["id"],
        "barcode": _barcodes(release),
        "cover_image": _cover_image(release),
    }
    master_id = obj["id"] if kind == "master" else obj.get("master_id")
    document["master_id"] = master_id or 0
    document["master_url"] = api_url(f"/masters/{master_id}") if master_id else None
    return document


def _barcodes(release: Obj) -> list[str]:
    return [i["value"] for i in release.get("identifiers", ()) if i["type"] == "Barcode"]


def _join(values: Iterable[Any]) -> str:
    return "\n".join(str(v) for v in values if v).lower()


SEARCH_FIELDS = (
    "q", "title", "release_title", "credit", "artist", "anv", "label", "genre", "style",
    "country", "year", "format", "catno", "barcode", "track", "submitter", "contributor",
)  # fmt: skip


def search_haystack(kind: str, obj: Obj, *, main_release: Obj | None = None) -> dict[str, str]:
    """Lower-cased text per search field of GET /database/search (``q`` covers them all);
    values of one field are separated by newlines."""
    if kind in ("artist", "label"):
        name = object_name(obj)
        variations = obj.get("namevariations", ())
        aliases = [a["name"] for a in obj.get("aliases", ())]
        fields = dict.fromkeys(SEARCH_FIELDS, "")
        fields["title"] = _join([name])
        fields[kind] = fields["title"]
        if kind == "artist":
            fields["anv"] = _join(variations)
        fields["q"] = _join([name, obj.get("realname", ""), *variations, *aliases])
        return fields
    release = obj if kind == "release" else (main_release or {})
    tracks = list(_flat_tracks(obj.get("tracklist", ())))
    credits = [
        *obj.get("extraartists", ()),
        *(c for t in tracks for c in t.get("extraartists", ())),
    ]
    artists = [*obj.get("artists", ()), *(c for t in tracks for c in t.get("artists", ()))]
    community = release.get("community", {})
    barcodes = _barcodes(release)
    fields = {
        "title": _join([f"{display_artist(obj)} - {obj['title']}"]),
        "release_title": _join([obj["title"]]),
        "credit": _join([c["name"] for c in credits] + [c["anv"] for c in credits]),
        "artist": _join(c["name"] for c in artists),
        "anv": _join(c.get("anv") for c in artists),
        "label": _join(e["name"] for e in (*release.get("labels", ()), *release.get("series", ()))),
        "genre": _join(obj.get("genres", ())),
        "style": _join(obj.get("styles", ())),
        "country": _join([release.get("country")]),
        "year": _join([obj.get("year")]),
        "format": _join(
            w
            for f in release.get("formats", ())
            for w in (f["name"], *f.get("descriptions", ()), f.get("text"))
        ),
        "catno": _join(label["catno"] for label in release.get("labels", ())),
        "barcode": _join([*barcodes, *(b.replace(" ", "") for b in barcodes)]),
        "track": _join(t["title"] for t in tracks),
        "submitter": _join([community.get("submitter", {}).get("username")]),
        "contributor": _join(c["username"] for c in community.get("contributors", ())),
    }
    fields["q"] = "\n".join(v for v in fields.values() if v)
    return {"q": fields.pop("q"), **fields}
