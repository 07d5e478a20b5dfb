"""Every whole example JSON object of the Discogs API v2 document, verbatim.

Transcribed from ``discogs-api-v2.txt``: same keys, values and key order; only the
document's JSON typos (missing or trailing commas) are fixed. For paginated answers the
item list and the ``pagination`` object are separate constants (``*_PAGINATION``); other
answers are the whole body. URLs are kept exactly as the document writes them. Data only.
"""

from typing import Any

# The pagination object of the "Pagination" section (GET /artists/1/releases?page=2&per_page=75).
PAGINATION_EXAMPLE: dict[str, Any] = {
    "page": 2,
    "pages": 30,
    "items": 2255,
    "per_page": 75,
    "urls": {
        "first": "https://api.discogs.com/artists/1/releases?page=1&per_page=75",
        "prev": "https://api.discogs.com/artists/1/releases?page=1&per_page=75",
        "next": "https://api.discogs.com/artists/1/releases?page=3&per_page=75",
        "last": "https://api.discogs.com/artists/1/releases?page=30&per_page=75",
    },
}


# GET /releases/249504.
RELEASE_249504: dict[str, Any] = {
    "title": "Never Gonna Give You Up",
    "id": 249504,
    "artists": [
        {
            "anv": "",
            "id": 72872,
            "join": "",
            "name": "Rick Astley",
            "resource_url": "https://api.discogs.com/artists/72872",
            "role": "",
            "tracks": "",
        },
    ],
    "data_quality": "Correct",
    "thumb": "https://api-img.discogs.com/kAXVhuZuh_uat5NNr50zMjN7lho=/fit-in/300x300/filters:strip_icc():format(jpeg):mode_rgb()/discogs-images/R-249504-1334592212.jpeg.jpg",
    "community": {
        "contributors": [
            {
                "resource_url": "https://api.discogs.com/users/memory",
                "username": "memory",
            },
            {
                "resource_url": "https://api.discogs.com/users/_80_",
                "username": "_80_",
            },
        ],
        "data_quality": "Correct",
        "have": 252,
        "rating": {
            "average": 3.42,
            "count": 45,
        },
        "status": "Accepted",
        "submitter": {
            "resource_url": "https://api.discogs.com/users/memory",
            "username": "memory",
        },
        "want": 42,
    },
    "companies": [
        {
            "catno": "",
            "entity_type": "13",
            "entity_type_name": "Phonographic Copyright (p)",
            "id": 82835,
            "name": "BMG Records (UK) Ltd.",
            "resource_url": "https://api.discogs.com/labels/82835",
        },
        {
            "catno": "",
            "entity_type": "29",
            "entity_type_name": "Mastered At",
            "id": 266218,
            "name": "Utopia Studios",
            "resource_url": "https://api.discogs.com/labels/266218",
        },
    ],
    "country": "UK",
    "date_added": "2004-04-30T08:10:05-07:00",
    "date_changed": "2012-12-03T02:50:12-07:00",
    "estimated_weight": 60,
    "extraartists": [
        {
            "anv": "Me Co",
            "id": 547352,
            "join": "",
            "name": "Me Company",
            "resource_url": "https://api.discogs.com/artists/547352",
            "role": "Design",
            "tracks": "",
        },
        {
            "anv": "Stock / Aitken / Waterman",
            "id": 20942,
            "join": "",
            "name": "Stock, Aitken & Waterman",
            "resource_url": "https://api.discogs.com/artists/20942",
            "role": "Producer, Written-By",
            "tracks": "",
        },
    ],
    "format_quantity": 1,
    "formats": [
        {
            "descriptions": [
                '7"',
                "Single",
                "45 RPM",
            ],
            "name": "Vinyl",
            "qty": "1",
        },
    ],
    "genres": [
        "Electronic",
        "Pop",
    ],
    "identifiers": [
        {
            "type": "Barcode",
            "value": "5012394144777",
        },
    ],
    "images": [
        {
            "height": 600,
            "resource_url": "https://api-img.discogs.com/z_u8yqxvDcwVnR4tX2HLNLaQO2Y=/fit-in/600x600/filters:strip_icc():format(jpeg):mode_rgb():quality(96)/discogs-images/R-249504-1334592212.jpeg.jpg",
            "type": "primary",
            "uri": "https://api-img.discogs.com/z_u8yqxvDcwVnR4tX2HLNLaQO2Y=/fit-in/600x600/filters:strip_icc():format(jpeg):mode_rgb():quality(96)/discogs-images/R-249504-1334592212.jpeg.jpg",
            "uri150": "https://api-img.discogs.com/0ZYgPR4X2HdUKA_jkhPJF4SN5mM=/fit-in/150x150/filters:strip_icc():format(jpeg):mode_rgb()/discogs-images/R-249504-1334592212.jpeg.jpg",
            "width": 600,
        },
        {
            "height": 600,
            "resource_url": "https://api-img.discogs.com/EnQXaDOs5T6YI9zq-R5I_mT7hSk=/fit-in/600x600/filters:strip_icc():format(jpeg):mode_rgb():quality(96)/discogs-images/R-249504-1334592228.jpeg.jpg",
            "type": "secondary",
            "uri": "https://api-img.discogs.com/EnQXaDOs5T6YI9zq-R5I_mT7hSk=/fit-in/600x600/filters:strip_icc():format(jpeg):mode_rgb():quality(96)/discogs-images/R-249504-1334592228.jpeg.jpg",
            "uri150": "https://api-img.discogs.com/abk0FWgWsRDjU4bkCDwk0gyMKBo=/fit-in/150x150/filters:strip_icc():format(jpeg):mode_rgb()/discogs-images/R-249504-1334592228.jpeg.jpg",
            "width": 600,
        },
    ],
    "labels": [
        {
            "catno": "PB 41447",
            "entity_type": "1",
            "id": 895,
            "name": "RCA",
            "resource_url": "https://api.discogs.com/labels/895",
        },
    ],
    "lowest_price": 0.63,
    "master_id": 96559,
    "master_url": "https://api.discogs.com/masters/96559",
    "notes": 'UK Release has a black label with the text "Manufactured In England" printed on it.\r\n\r\nSleeve:\r\n℗ 1987 • BMG Records (UK) Ltd. © 1987 • BMG Records (UK) Ltd.\r\nDistributed in the UK by BMG Records • Distribué en Europe par BMG/Ariola • Vertrieb en Europa dürch BMG/Ariola.\r\n\r\nCenter labels:\r\n℗ 1987 Pete Waterman Ltd.\r\nOriginal Sound Recording made by PWL.\r\nBMG Records (UK) Ltd. are the exclusive licensees for the world.\r\n\r\nDurations do not appear on the release.\r\n',
    "num_for_sale": 58,
    "released": "1987",
    "released_formatted": "1987",
    "resource_url": "https://api.discogs.com/releases/249504",
    "series": [],
    "status": "Accepted",
    "styles": [
        "Synth-pop",
    ],
    "tracklist": [
        {
            "duration": "3:32",
            "position": "A",
            "title": "Never Gonna Give You Up",
            "type_": "track",
        },
        {
            "duration": "3:30",
            "position": "B",
            "title": "Never Gonna Give You Up (Instrumental)",
            "type_": "track",
        },
    ],
    "uri": "https://www.discogs.com/Rick-Astley-Never-Gonna-Give-You-Up/release/249504",
    "videos": [
        {
            "description": "Rick Astley - Never Gonna Give You Up (Extended Version)",
            "duration": 330,
            "embed": True,
            "title": "Rick Astley - Never Gonna Give You Up (Extended Version)",
            "uri": "https://www.youtube.com/watch?v=te2jJncBVG4",
        },
    ],
    "year": 1987,
}


# GET (and PUT) /releases/249504/rating/memory.
RELEASE_249504_RATING_MEMORY: dict[str, Any] = {
    "username": "memory",
    "release_id": 249504,
    "rating": 5,
}


# GET /releases/249504/rating.
COMMUNITY_RATING_249504: dict[str, Any] = {
    "rating": {
        "count": 47,
        "average": 4.19,
    },
    "release_id": 249504,
}


# GET /releases/249504/stats.
RELEASE_STATS_249504: dict[str, Any] = {
    "num_have": 2315,
    "num_want": 467,
}


# GET /masters/1000.
MASTER_1000: dict[str, Any] = {
    "styles": [
        "Goa Trance",
    ],
    "genres": [
        "Electronic",
    ],
    "videos": [
        {
            "duration": 421,
            "description": "Electric Universe - Alien Encounter Part 2 (Spirit Zone 97)",
            "embed": True,
            "uri": "https://www.youtube.com/watch?v=n1LGinzMDi8",
            "title": "Electric Universe - Alien Encounter Part 2 (Spirit Zone 97)",
        },
    ],
    "title": "Stardiver",
    "main_release": 66785,
    "main_release_url": "https://api.discogs.com/releases/66785",
    "uri": "https://www.discogs.com/Electric-Universe-Stardiver/master/1000",
    "artists": [
        {
            "join": "",
            "name": "Electric Universe",
            "anv": "",
            "tracks": "",
            "role": "",
            "resource_url": "https://api.discogs.com/artists/21849",
            "id": 21849,
        },
    ],
    "versions_url": "https://api.discogs.com/masters/1000/versions",
    "year": 1997,
    "images": [
        {
            "height": 569,
            "resource_url": "https://api-img.discogs.com/_0K5t_iLs6CzLPKTB4mwHVI3Vy0=/fit-in/600x569/filters:strip_icc():format(jpeg):mode_rgb():quality(96)/discogs-images/R-66785-1213949871.jpeg.jpg",
            "type": "primary",
            "uri": "https://api-img.discogs.com/_0K5t_iLs6CzLPKTB4mwHVI3Vy0=/fit-in/600x569/filters:strip_icc():format(jpeg):mode_rgb():quality(96)/discogs-images/R-66785-1213949871.jpeg.jpg",
            "uri150": "https://api-img.discogs.com/sSWjXKczZseDjX2QohG1Lc77F-w=/fit-in/150x150/filters:strip_icc():format(jpeg):mode_rgb()/discogs-images/R-66785-1213949871.jpeg.jpg",
            "width": 600,
        },
        {
            "height": 296,
            "resource_url": "https://api-img.discogs.com/1iD31iOWgfgb2DpROI4_MvmceFw=/fit-in/600x296/filters:strip_icc():format(jpeg):mode_rgb():quality(96)/discogs-images/R-66785-1213950065.jpeg.jpg",
            "type": "secondary",
            "uri": "https://api-img.discogs.com/1iD31iOWgfgb2DpROI4_MvmceFw=/fit-in/600x296/filters:strip_icc():format(jpeg):mode_rgb():quality(96)/discogs-images/R-66785-1213950065.jpeg.jpg",
            "uri150": "https://api-img.discogs.com/Cm4Q_1S784pQeRfwa0lN2jsj47Y=/fit-in/150x150/filters:strip_icc():format(jpeg):mode_rgb()/discogs-images/R-66785-1213950065.jpeg.jpg",
            "width": 600,
        },
    ],
    "resource_url": "https://api.discogs.com/masters/1000",
    "tracklist": [
        {
            "duration": "7:00",
            "position": "1",
            "type_": "track",
            "title": "Alien Encounter (Part 2)",
        },
        {
            "duration": "7:13",
            "position": "2",
            "type_": "track",
            "extraartists": [
                {
                    "join": "",
                    "name": "DJ Sangeet",
                    "anv": "",
                    "tracks": "",
                    "role": "Written-By, Producer",
                    "resource_url": "https://api.discogs.com/artists/25460",
                    "id": 25460,
                },
            ],
            "title": "From The Heart",
        },
        {
            "duration": "6:45",
            "position": "3",
            "type_": "track",
            "title": "Radio S.P.A.C.E.",
        },
    ],
    "id": 1000,
    "num_for_sale": 9,
    "lowest_price": 9.36,
    "data_quality": "Correct",
}


# The versions of GET /masters/1000/versions.
MASTER_1000_VERSIONS: list[dict[str, Any]] = [
    {
        "status": "Accepted",
        "stats": {
            "user": {
                "in_collection": 0,
                "in_wantlist": 0,
            },
            "community": {
                "in_collection": 1067,
                "in_wantlist": 765,
            },
        },
        "thumb": "https://img.discogs.com/wV56xo0Ak0M2bTCC6B_heD7Dx_o=/fit-in/150x150/filters:strip_icc():format(jpeg):mode_rgb():quality(40)/discogs-images/R-18926-1381225536-8716.jpeg.jpg",
        "format": '12", 33 ⅓ RPM',
        "country": "US",
        "title": "Plastic Dreams",
        "label": "Epic",
        "released": "1993",
        "major_formats": [
            "Vinyl",
        ],
        "catno": "49 74992",
        "resource_url": "https://api.discogs.com/releases/18926",
        "id": 18926,
    },
    {
        "status": "Accepted",
        "stats": {
            "user": {
                "in_collection": 0,
                "in_wantlist": 0,
            },
            "community": {
                "in_collection": 842,
                "in_wantlist": 762,
            },
        },
        "thumb": "https://img.discogs.com/KAm38-Op5VlkvuJOaTGZieKwRVg=/fit-in/150x150/filters:strip_icc():format(jpeg):mode_rgb():quality(40)/discogs-images/R-34228-1215760312.jpeg.jpg",
        "format": '12", 33 ⅓ RPM',
        "country": "UK",
        "title": "Plastic Dreams (Mixes)",
        "label": "R & S Records",
        "released": "1993",
        "major_formats": [
            "Vinyl",
        ],
        "catno": "RSGB 101T",
        "resource_url": "https://api.discogs.com/releases/34228",
        "id": 34228,
    },
    {
        "status": "Accepted",
        "stats": {
            "user": {
                "in_collection": 0,
                "in_wantlist": 0,
            },
            "community": {
                "in_collection": 20,
                "in_wantlist": 285,
            },
        },
        "thumb": "https://img.discogs.com/CnovcvhAYIle0tYTTZHo42wPz88=/fit-in/150x150/filters:strip_icc():format(jpeg):mode_rgb():quality(40)/discogs-images/R-1873038-1249267784.jpeg.jpg",
        "format": '12", White Label, 33 ⅓ RPM, Promo',
        "country": "UK",
        "title": "Plastic Dreams Mixes",
        "label": "R & S Records",
        "released": "1993",
        "major_formats": [
            "Vinyl",
        ],
        "catno": "RSGB 101 T",
        "resource_url": "https://api.discogs.com/releases/1873038",
        "id": 1873038,
    },
]

MASTER_1000_VERSIONS_PAGINATION: dict[str, Any] = {
    "per_page": 50,
    "items": 4,
    "page": 1,
    "urls": {},
    "pages": 1,
}


# GET /artists/108713.
ARTIST_108713: dict[str, Any] = {
    "namevariations": [
        "Nickleback",
    ],
    "profile": "Nickelback is a Canadian rock band from Hanna, Alberta formed in 1995. Nickelback's music is classed as hard rock and alternative metal. Nickelback is one of the most commercially successful Canadian groups, having sold almost 50 million albums worldwide, ranking as the 11th best selling music act of the 2000s, and is the 2nd best selling foreign act in the U.S. behind The Beatles for the 2000's.",
    "releases_url": "https://api.discogs.com/artists/108713/releases",
    "resource_url": "https://api.discogs.com/artists/108713",
    "uri": "https://www.discogs.com/artist/108713-Nickelback",
    "urls": [
        "http://www.nickelback.com/",
        "http://en.wikipedia.org/wiki/Nickelback",
    ],
    "data_quality": "Needs Vote",
    "id": 108713,
    "images": [
        {
            "height": 260,
            "resource_url": "https://api-img.discogs.com/9xJ5T7IBn23DDMpg1USsDJ7IGm4=/330x260/smart/filters:strip_icc():format(jpeg):mode_rgb():quality(96)/discogs-images/A-108713-1110576087.jpg.jpg",
            "type": "primary",
            "uri": "https://api-img.discogs.com/9xJ5T7IBn23DDMpg1USsDJ7IGm4=/330x260/smart/filters:strip_icc():format(jpeg):mode_rgb():quality(96)/discogs-images/A-108713-1110576087.jpg.jpg",
            "uri150": "https://api-img.discogs.com/--xqi8cBtaBZz3qOjVcvzGvNRmU=/150x150/smart/filters:strip_icc():format(jpeg):mode_rgb()/discogs-images/A-108713-1110576087.jpg.jpg",
            "width": 330,
        },
        {
            "height": 500,
            "resource_url": "https://api-img.discogs.com/r1jRG8b9-nlqTHPlJ-t8JR5ugoA=/493x500/smart/filters:strip_icc():format(jpeg):mode_rgb():quality(96)/discogs-images/A-108713-1264273865.jpeg.jpg",
            "type": "secondary",
            "uri": "https://api-img.discogs.com/r1jRG8b9-nlqTHPlJ-t8JR5ugoA=/493x500/smart/filters:strip_icc():format(jpeg):mode_rgb():quality(96)/discogs-images/A-108713-1264273865.jpeg.jpg",
            "uri150": "https://api-img.discogs.com/6K-cI5xDgsurmc-2OX6uCygzDgw=/150x150/smart/filters:strip_icc():format(jpeg):mode_rgb()/discogs-images/A-108713-1264273865.jpeg.jpg",
            "width": 493,
        },
    ],
    "members": [
        {
            "active": True,
            "id": 270222,
            "name": "Chad Kroeger",
            "resource_url": "https://api.discogs.com/artists/270222",
        },
        {
            "active": True,
            "id": 685755,
            "name": "Daniel Adair",
            "resource_url": "https://api.discogs.com/artists/685755",
        },
        {
            "active": True,
            "id": 685754,
            "name": "Mike Kroeger",
            "resource_url": "https://api.discogs.com/artists/685754",
        },
        {
            "active": True,
            "id": 685756,
            "name": 'Ryan "Vik" Vikedal',
            "resource_url": "https://api.discogs.com/artists/685756",
        },
        {
            "active": True,
            "id": 685757,
            "name": "Ryan Peake",
            "resource_url": "https://api.discogs.com/artists/685757",
        },
    ],
}


# The releases of GET /artists/108713/releases.
ARTIST_108713_RELEASES: list[dict[str, Any]] = [
    {
        "artist": "Nickelback",
        "id": 173765,
        "main_release": 3128432,
        "resource_url": "http://api.discogs.com/masters/173765",
        "role": "Main",
        "thumb": "https://api-img.discogs.com/lb0zp7--FLaRP0LmJ4W6DhfweNc=/fit-in/90x90/filters:strip_icc():format(jpeg):mode_rgb()/discogs-images/R-5557864-1396493975-7618.jpeg.jpg",
        "title": "Curb",
        "type": "master",
        "year": 1996,
    },
    {
        "artist": "Nickelback",
        "format": "CD, EP",
        "id": 4299404,
        "label": "Not On Label (Nickelback Self-released)",
        "resource_url": "http://api.discogs.com/releases/4299404",
        "role": "Main",
        "status": "Accepted",
        "thumb": "https://api-img.discogs.com/eFRGD78N7UhtvRjhdLZYXs2QJXk=/fit-in/90x90/filters:strip_icc():format(jpeg):mode_rgb()/discogs-images/R-4299404-1361106117-3632.jpeg.jpg",
        "title": "Hesher",
        "type": "release",
        "year": 1996,
    },
    {
        "artist": "Nickelback",
        "id": 173767,
        "main_release": 1905922,
        "resource_url": "http://api.discogs.com/masters/173767",
        "role": "Main",
        "thumb": "https://api-img.discogs.com/12LXbUV44IHjyb6drFZOTQxgCqs=/fit-in/90x90/filters:strip_icc():format(jpeg):mode_rgb()/discogs-images/R-1905922-1251540516.jpeg.jpg",
        "title": "Leader Of Men",
        "type": "master",
        "year": 1999,
    },
]

ARTIST_108713_RELEASES_PAGINATION: dict[str, Any] = {
    "per_page": 50,
    "items": 9,
    "page": 1,
    "urls": {},
    "pages": 1,
}


# GET /labels/1.
LABEL_1: dict[str, Any] = {
    "profile": "Classic Techno label from Detroit, USA.\r\n[b]Label owner:[/b] [a=Carl Craig].\r\n",
    "releases_url": "https://api.discogs.com/labels/1/releases",
    "name": "Planet E",
    "contact_info": "Planet E Communications\r\nP.O. Box 27218\r\nDetroit, 48227, USA\r\n\r\np: 313.874.8729 \r\nf: 313.874.8732\r\n\r\nemail: info AT Planet-e DOT net\r\n",
    "uri": "https://www.discogs.com/label/1-Planet-E",
    "sublabels": [
        {
            "resource_url": "https://api.discogs.com/labels/86537",
            "id": 86537,
            "name": "Antidote (4)",
        },
        {
            "resource_url": "https://api.discogs.com/labels/41841",
            "id": 41841,
            "name": "Community Projects",
        },
    ],
    "urls": [
        "http://www.planet-e.net",
        "http://planetecommunications.bandcamp.com",
        "http://twitter.com/planetedetroit",
    ],
    "images": [
        {
            "height": 24,
            "resource_url": "https://api-img.discogs.com/85-gKw4oEXfDp9iHtqtCF5Y_ZgI=/fit-in/132x24/filters:strip_icc():format(jpeg):mode_rgb():quality(96)/discogs-images/L-1-1111053865.png.jpg",
            "type": "primary",
            "uri": "https://api-img.discogs.com/85-gKw4oEXfDp9iHtqtCF5Y_ZgI=/fit-in/132x24/filters:strip_icc():format(jpeg):mode_rgb():quality(96)/discogs-images/L-1-1111053865.png.jpg",
            "uri150": "https://api-img.discogs.com/cYmCut4Yh99FaLFHyoqkFo-Md1E=/fit-in/150x150/filters:strip_icc():format(jpeg):mode_rgb()/discogs-images/L-1-1111053865.png.jpg",
            "width": 132,
        },
    ],
    "resource_url": "https://api.discogs.com/labels/1",
    "id": 1,
    "data_quality": "Needs Vote",
}


# The releases of GET /labels/1/releases?per_page=5.
LABEL_1_RELEASES: list[dict[str, Any]] = [
    {
        "artist": "Andrea Parker",
        "catno": "!K7071CD",
        "format": "CD, Mixed",
        "id": 2801,
        "resource_url": "http://api.discogs.com/releases/2801",
        "status": "Accepted",
        "thumb": "https://api-img.discogs.com/cYmCut4Yh99FaLFHyoqkFo-Md1E=/fit-in/150x150/filters:strip_icc():format(jpeg):mode_rgb()/discogs-images/L-1-1111053865.png.jpg",
        "title": "DJ-Kicks",
        "year": 1998,
    },
    {
        "artist": "Naomi Daniel",
        "catno": "2INZ 00140",
        "format": '12"',
        "id": 65040,
        "resource_url": "http://api.discogs.com/releases/65040",
        "status": "Accepted",
        "thumb": "https://api-img.discogs.com/cYmCut4Yh99FaLFHyoqkFo-Md1E=/fit-in/150x150/filters:strip_icc():format(jpeg):mode_rgb()/discogs-images/L-1-1111053865.png.jpg",
        "title": "Stars",
        "year": 1993,
    },
    {
        "artist": "Innerzone Orchestra",
        "catno": "546 137-2",
        "format": "CD, Album, P/Mixed",
        "id": 9922,
        "resource_url": "http://api.discogs.com/releases/9922",
        "status": "Accepted",
        "thumb": "https://api-img.discogs.com/cYmCut4Yh99FaLFHyoqkFo-Md1E=/fit-in/150x150/filters:strip_icc():format(jpeg):mode_rgb()/discogs-images/L-1-1111053865.png.jpg",
        "title": "Programmed",
        "year": 1999,
    },
]

LABEL_1_RELEASES_PAGINATION: dict[str, Any] = {
    "per_page": 5,
    "pages": 68,
    "page": 1,
    "urls": {
        "last": "https://api.discogs.com/labels/1/releases?per_page=5&page=68",
        "next": "https://api.discogs.com/labels/1/releases?per_page=5&page=2",
    },
    "items": 338,
}


# The results of GET /database/search?release_title=nevermind&artist=nirvana&per_page=3.
SEARCH_NEVERMIND_RESULTS: list[dict[str, Any]] = [
    {
        "style": [
            "Interview",
            "Grunge",
        ],
        "thumb": "",
        "title": "Nirvana - Nevermind",
        "country": "Australia",
        "format": [
            "DVD",
            "PAL",
        ],
        "uri": "/Nirvana-Nevermind-Classic-Albums/release/2028757",
        "community": {
            "want": 1,
            "have": 5,
        },
        "label": [
            "Eagle Vision",
            "Rajon Vision",
            "Classic Albums",
        ],
        "catno": "RV0296",
        "year": "2005",
        "genre": [
            "Non-Music",
            "Rock",
        ],
        "resource_url": "http://api.discogs.com/releases/2028757",
        "type": "release",
        "id": 2028757,
    },
    {
        "style": [
            "Interview",
            "Grunge",
        ],
        "thumb": "",
        "title": "Nirvana - Nevermind",
        "country": "France",
        "format": [
            "DVD",
            "PAL",
        ],
        "uri": "/Nirvana-Nevermind-Classic-Albums/release/1852962",
        "community": {
            "want": 4,
            "have": 21,
        },
        "label": [
            "Eagle Vision",
            "Classic Albums",
        ],
        "catno": "EV 426200",
        "year": "2005",
        "genre": [
            "Non-Music",
            "Rock",
        ],
        "resource_url": "http://api.discogs.com/releases/1852962",
        "type": "release",
        "id": 1852962,
    },
    {
        "style": [
            "Hard Rock",
            "Classic Rock",
        ],
        "thumb": "",
        "format": [
            "UMD",
        ],
        "country": "Europe",
        "barcode": [
            "5 034504 843646",
        ],
        "uri": "/Nirvana-Nevermind/release/3058947",
        "community": {
            "want": 10,
            "have": 3,
        },
        "label": [
            "Eagle Vision",
        ],
        "catno": "ERUMD436",
        "genre": [
            "Rock",
        ],
        "title": "Nirvana - Nevermind",
        "resource_url": "http://api.discogs.com/releases/3058947",
        "type": "release",
        "id": 3058947,
    },
]

SEARCH_NEVERMIND_PAGINATION: dict[str, Any] = {
    "per_page": 3,
    "pages": 66,
    "page": 1,
    "urls": {
        "last": "http://api.discogs.com/database/search?per_page=3&artist=nirvana&release_title=nevermind&page=66",
        "next": "http://api.discogs.com/database/search?per_page=3&artist=nirvana&release_title=nevermind&page=2",
    },
    "items": 198,
}


# The listings of GET /users/{username}/inventory (rappcats' inventory).
INVENTORY_RAPPCATS_LISTINGS: list[dict[str, Any]] = [
    {
        "status": "For Sale",
        "price": {
            "currency": "USD",
            "value": 149.99,
        },
        "allow_offers": True,
        "sleeve_condition": "Near Mint (NM or M-)",
        "id": 150899904,
        "condition": "Near Mint (NM or M-)",
        "posted": "2014-07-01T10:20:17-07:00",
        "ships_from": "United States",
        "uri": "https://www.discogs.com/sell/item/150899904",
        "comments": "Includes promotional booklet from original purchase!",
        "seller": {
            "username": "rappcats",
            "resource_url": "https://api.discogs.com/users/rappcats",
            "id": 2098225,
        },
        "release": {
            "catalog_number": "509990292346, TMR092",
            "resource_url": "https://api.discogs.com/releases/2992668",
            "year": 2011,
            "id": 2992668,
            "description": "Danger Mouse & Daniele Luppi - Rome (LP, Ora + LP, Whi + Album, Ltd, Tip)",
            "artist": "Danger Mouse & Daniele Luppi",
            "title": "Rome",
            "format": "(LP, Ora + LP, Whi + Album, Ltd, Tip)",
            "thumbnail": "https://api-img.discogs.com/CFEw018vfc3LvUQDFtsvkh9FTyA=/fit-in/322x320/filters:strip_icc():format(jpeg):mode_rgb():quality(40)/discogs-images/R-2992668-1310811542.jpeg.jpg",
        },
        "resource_url": "https://api.discogs.com/marketplace/listings/150899904",
        "audio": False,
    },
    {
        "status": "For Sale",
        "price": {
            "currency": "USD",
            "value": 49.99,
        },
        "allow_offers": False,
        "sleeve_condition": "Very Good Plus (VG+)",
        "id": 155473349,
        "condition": "Very Good Plus (VG+)",
        "posted": "2014-07-01T10:20:17-07:00",
        "ships_from": "United States",
        "uri": "https://www.discogs.com/sell/item/155473349",
        "comments": "Includes slipmats",
        "seller": {
            "username": "rappcats",
            "resource_url": "https://api.discogs.com/users/rappcats",
            "id": 2098225,
        },
        "release": {
            "catalog_number": "STH 2222",
            "resource_url": "https://api.discogs.com/releases/1900152",
            "year": 2009,
            "id": 1900152,
            "description": 'Various - Stones Throw X Serato (2x12", Ltd, Cle)',
            "thumbnail": "https://api-img.discogs.com/BfviIBw5nZOA2BHd0xn8Vfu1X_g=/fit-in/600x600/filters:strip_icc():format(jpeg):mode_rgb():quality(40)/discogs-images/R-1900152-1315429257.jpeg.jpg",
        },
        "resource_url": "https://api.discogs.com/marketplace/listings/155473349",
        "audio": False,
    },
    {
        "status": "For Sale",
        "price": {
            "currency": "USD",
            "value": 39.99,
        },
        "allow_offers": True,
        "sleeve_condition": "Near Mint (NM or M-)",
        "id": 150899171,
        "condition": "Very Good Plus (VG+)",
        "posted": "2014-07-07T11:40:08-07:00",
        "ships_from": "United States",
        "uri": "https://www.discogs.com/sell/item/150899171",
        "comments": "",
        "seller": {
            "username": "rappcats",
            "resource_url": "https://api.discogs.com/users/rappcats",
            "id": 2098225,
        },
        "release": {
            "catalog_number": "STH 2172",
            "resource_url": "https://api.discogs.com/releases/1842118",
            "year": 2009,
            "id": 1842118,
            "description": "Last Electro-Acoustic Space Jazz & Percussion Ensemble, The - Summer Suite (CD, MiniAlbum, Ltd)",
            "thumbnail": "https://api-img.discogs.com/pm6PIqf4vEK8S8rCkySA9eKNFgk=/fit-in/455x455/filters:strip_icc():format(jpeg):mode_rgb():quality(40)/discogs-images/R-1842118-1247162514.jpeg.jpg",
        },
        "resource_url": "https://api.discogs.com/marketplace/listings/150899171",
        "audio": False,
    },
    {
        "status": "For Sale",
        "price": {
            "currency": "USD",
            "value": 229.99,
        },
        "allow_offers": False,
        "sleeve_condition": "Near Mint (NM or M-)",
        "id": 171931719,
        "condition": "Near Mint (NM or M-)",
        "posted": "2014-07-12T16:23:14-07:00",
        "ships_from": "United States",
        "uri": "https://www.discogs.com/sell/item/171931719",
        "comments": 'Includes poster, includes download card, includes 7", in original bag w/ hype sticker. Complete set!',
        "seller": {
            "username": "rappcats",
            "resource_url": "https://api.discogs.com/users/rappcats",
            "id": 2098225,
        },
        "release": {
            "catalog_number": "NSD-120",
            "resource_url": "https://api.discogs.com/releases/2791275",
            "year": 2011,
            "id": 2791275,
            "description": 'Metal Fingers - Presents Special Herbs The Box Set Vol. 0-9 (Box, Comp, Ltd + 10xLP + 7")',
            "thumbnail": "https://api-img.discogs.com/wyy8_nChnz_ergzK9gd4wxqr-K0=/fit-in/600x600/filters:strip_icc():format(jpeg):mode_rgb():quality(40)/discogs-images/R-2791275-1301188174.jpeg.jpg",
        },
        "resource_url": "https://api.discogs.com/marketplace/listings/171931719",
        "audio": False,
    },
]

INVENTORY_RAPPCATS_PAGINATION: dict[str, Any] = {
    "per_page": 50,
    "items": 4,
    "page": 1,
    "urls": {},
    "pages": 1,
}


# GET /marketplace/listings/172723812.
LISTING_172723812: dict[str, Any] = {
    "status": "For Sale",
    "price": {
        "currency": "USD",
        "value": 120,
    },
    "original_price": {
        "curr_abbr": "USD",
        "curr_id": 1,
        "formatted": "$120.00",
        "value": 120.0,
    },
    "allow_offers": False,
    "sleeve_condition": "Mint (M)",
    "id": 172723812,
    "condition": "Mint (M)",
    "posted": "2014-07-15T12:55:01-07:00",
    "ships_from": "United States",
    "uri": "https://www.discogs.com/sell/item/172723812",
    "comments": "Brand new... Still sealed!",
    "seller": {
        "username": "Booms528",
        "avatar_url": "https://secure.gravatar.com/avatar/8aa676fcfa2be14266d0ccad88da2cc4?s=500&r=pg&d=mm",
        "resource_url": "https://api.discogs.com/users/Booms528",
        "url": "https://api.discogs.com/users/Booms528",
        "id": 1369620,
        "shipping": "Buyer responsible for shipping. Price depends on distance but is usually $5-10.",
        "payment": "PayPal",
        "stats": {
            "rating": "100",
            "stars": 5.0,
            "total": 15,
        },
    },
    "shipping_price": {
        "currency": "USD",
        "value": 2.5,
    },
    "original_shipping_price": {
        "curr_abbr": "USD",
        "curr_id": 1,
        "formatted": "$2.50",
        "value": 2.5,
    },
    "release": {
        "catalog_number": "541125-1, 1-541125 (K1)",
        "resource_url": "https://api.discogs.com/releases/5610049",
        "year": 2014,
        "id": 5610049,
        "description": "LCD Soundsystem - The Long Goodbye: LCD Soundsystem Live At Madison Square Garden (5xLP + Box)",
        "thumbnail": "https://api-img.discogs.com/UsvcarhmrXb0km4QH_dRP8gEf3E=/fit-in/600x600/filters:strip_icc():format(jpeg):mode_rgb():quality(40)/discogs-images/R-5610049-1399500556-9283.jpeg.jpg",
    },
    "resource_url": "https://api.discogs.com/marketplace/listings/172723812",
    "audio": False,
}


# POST /marketplace/listings (201).
LISTING_CREATED_41578241: dict[str, Any] = {
    "listing_id": 41578241,
    "resource_url": "https://api.discogs.com/marketplace/listings/41578241",
}


# GET /marketplace/orders/1-1.
ORDER_1_1: dict[str, Any] = {
    "id": "1-1",
    "resource_url": "https://api.discogs.com/marketplace/orders/1-1",
    "messages_url": "https://api.discogs.com/marketplace/orders/1-1/messages",
    "uri": "https://www.discogs.com/sell/order/1-1",
    "status": "New Order",
    "next_status": [
        "New Order",
        "Buyer Contacted",
        "Invoice Sent",
        "Payment Pending",
        "Payment Received",
        "In Progress",
        "Shipped",
        "Refund Sent",
        "Cancelled (Non-Paying Buyer)",
        "Cancelled (Item Unavailable)",
        "Cancelled (Per Buyer's Request)",
    ],
    "fee": {
        "currency": "USD",
        "value": 2.52,
    },
    "created": "2011-10-21T09:25:17-07:00",
    "items": [
        {
            "release": {
                "id": 1,
                "description": 'Persuader, The - Stockholm (2x12")',
            },
            "price": {
                "currency": "USD",
                "value": 42,
            },
            "media_condition": "Mint (M)",
            "sleeve_condition": "Mint (M)",
            "id": 41578242,
        },
    ],
    "shipping": {
        "currency": "USD",
        "method": "Standard",
        "value": 0,
    },
    "shipping_address": "Asdf Exampleton\n234 NE Asdf St.\nAsdf Town, Oregon, 14423\nUnited States\n\nPhone: 555-555-2733\nPaypal address: [email protected]",
    "additional_instructions": "please use sturdy packaging.",
    "archived": False,
    "seller": {
        "resource_url": "https://api.discogs.com/users/example_seller",
        "username": "example_seller",
        "id": 1,
    },
    "last_activity": "2011-10-21T09:25:17-07:00",
    "buyer": {
        "resource_url": "https://api.discogs.com/users/example_buyer",
        "username": "example_buyer",
        "id": 2,
    },
    "total": {
        "currency": "USD",
        "value": 42,
    },
}


# POST /marketplace/orders/1-1 (shipping set to 5).
ORDER_1_1_EDITED: dict[str, Any] = {
    "id": "1-1",
    "resource_url": "https://api.discogs.com/marketplace/orders/1-1",
    "messages_url": "https://api.discogs.com/marketplace/orders/1-1/messages",
    "uri": "https://www.discogs.com/sell/order/1-1",
    "status": "Invoice Sent",
    "next_status": [
        "New Order",
        "Buyer Contacted",
        "Invoice Sent",
        "Payment Pending",
        "Payment Received",
        "In Progress",
        "Shipped",
        "Refund Sent",
        "Cancelled (Non-Paying Buyer)",
        "Cancelled (Item Unavailable)",
        "Cancelled (Per Buyer's Request)",
    ],
    "fee": {
        "currency": "USD",
        "value": 2.52,
    },
    "created": "2011-10-21T09:25:17-07:00",
    "items": [
        {
            "release": {
                "id": 1,
                "description": 'Persuader, The - Stockholm (2x12")',
            },
            "price": {
                "currency": "USD",
                "value": 42,
            },
            "id": 41578242,
        },
    ],
    "shipping": {
        "currency": "USD",
        "method": "Standard",
        "value": 5,
    },
    "shipping_address": "Asdf Exampleton\n234 NE Asdf St.\nAsdf Town, Oregon, 14423\nUnited States\n\nPhone: 555-555-2733\nPaypal address: [email protected]",
    "additional_instructions": "please use sturdy packaging.",
    "archived": False,
    "seller": {
        "resource_url": "https://api.discogs.com/users/example_seller",
        "username": "example_seller",
        "id": 1,
    },
    "last_activity": "2011-10-22T19:18:53-07:00",
    "buyer": {
        "resource_url": "https://api.discogs.com/users/example_buyer",
        "username": "example_buyer",
        "id": 2,
    },
    "total": {
        "currency": "USD",
        "value": 47,
    },
}


# The orders of GET /marketplace/orders.
ORDERS_EXAMPLE: list[dict[str, Any]] = [
    {
        "status": "New Order",
        "fee": {
            "currency": "USD",
            "value": 2.52,
        },
        "created": "2011-10-21T09:25:17-07:00",
        "items": [
            {
                "release": {
                    "id": 1,
                    "description": 'Persuader, The - Stockholm (2x12")',
                    "resource_url": "https://api.discogs.com/releases/1",
                    "thumbnail": "http://api-img.discogs.com/souG2t4I8ZFVK3kHVtD3zjGvd_Y=/fit-in/300x300/filters:strip_icc():format(jpeg):mode_rgb():quality(40)/discogs-images/R-1-1193812031.jpeg.jpg",
                },
                "price": {
                    "currency": "USD",
                    "value": 42.0,
                },
                "id": 41578242,
            },
        ],
        "shipping": {
            "currency": "USD",
            "method": "Standard",
            "value": 0.0,
        },
        "shipping_address": "Asdf Exampleton\n234 NE Asdf St.\nAsdf Town, Oregon, 14423\nUnited States\n\nPhone: 555-555-2733\nPaypal address: [email protected]",
        "additional_instructions": "please use sturdy packaging.",
        "archived": False,
        "seller": {
            "resource_url": "https://api.discogs.com/users/example_seller",
            "username": "example_seller",
            "id": 1,
        },
        "last_activity": "2011-10-21T09:25:17-07:00",
        "buyer": {
            "resource_url": "https://api.discogs.com/users/example_buyer",
            "username": "example_buyer",
            "id": 2,
        },
        "total": {
            "currency": "USD",
            "value": 42.0,
        },
        "id": "1-1",
        "resource_url": "https://api.discogs.com/marketplace/orders/1-1",
        "messages_url": "https://api.discogs.com/marketplace/orders/1-1/messages",
        "uri": "https://www.discogs.com/sell/order/1-1",
        "next_status": [
            "New Order",
            "Buyer Contacted",
            "Invoice Sent",
            "Payment Pending",
            "Payment Received",
            "In Progress",
            "Shipped",
            "Refund Sent",
            "Cancelled (Non-Paying Buyer)",
            "Cancelled (Item Unavailable)",
            "Cancelled (Per Buyer's Request)",
        ],
    },
]

ORDERS_EXAMPLE_PAGINATION: dict[str, Any] = {
    "per_page": 50,
    "pages": 1,
    "page": 1,
    "items": 1,
    "urls": {},
}


# The document's answer to GET /marketplace/orders/1-1/messages (newest first): the thread of
# order 845236-9, which the sandbox also serves for that order.
ORDER_845236_9_MESSAGES: list[dict[str, Any]] = [
    {
        "refund": {
            "amount": 5,
            "order": {
                "resource_url": "https://api.discogs.com/marketplace/orders/845236-9",
                "id": "845236-9",
            },
        },
        "timestamp": "2015-06-02T13:17:54-07:00",
        "message": "example_buyer received refund of $5.00.",
        "type": "refund_received",
        "order": {
            "resource_url": "https://api.discogs.com/marketplace/orders/845236-9",
            "id": "845236-9",
        },
        "subject": "",
    },
    {
        "refund": {
            "amount": 5,
            "order": {
                "resource_url": "https://api.discogs.com/marketplace/orders/845236-9",
                "id": "845236-9",
            },
        },
        "timestamp": "2015-06-02T13:17:44-07:00",
        "message": "example_seller sent refund of $5.00.",
        "type": "refund_sent",
        "order": {
            "resource_url": "https://api.discogs.com/marketplace/orders/845236-9",
            "id": "845236-9",
        },
        "subject": "",
    },
    {
        "from": {
            "id": 1001,
            "username": "example_seller",
            "avatar_url": "https://secure.gravatar.com/avatar/1ddcc19fb43551fb86c143465f773282?s=300&r=pg&d=mm",
            "resource_url": "https://api.discogs.com/users/example_seller",
        },
        "timestamp": "2015-06-02T13:17:07-07:00",
        "message": "Thank you for your order!",
        "type": "message",
        "order": {
            "resource_url": "https://api.discogs.com/marketplace/orders/845236-9",
            "id": "845236-9",
        },
        "subject": "New Message - Order #845236-9 - TZ Goes Beyond 10! + 1 more item",
    },
    {
        "status_id": 6,
        "timestamp": "2015-06-02T13:16:57-07:00",
        "actor": {
            "username": "example_seller",
            "resource_url": "https://api.discogs.com/users/example_seller",
        },
        "message": "example_buyer changed the order status to Shipped.",
        "type": "status",
        "order": {
            "resource_url": "https://api.discogs.com/marketplace/orders/845236-9",
            "id": "845236-9",
        },
        "subject": "",
    },
    {
        "status_id": 5,
        "timestamp": "2015-06-02T13:16:51-07:00",
        "actor": {
            "username": "example_seller",
            "resource_url": "https://api.discogs.com/users/example_seller",
        },
        "message": "example_buyer changed the order status to Payment Received.",
        "type": "status",
        "order": {
            "resource_url": "https://api.discogs.com/marketplace/orders/845236-9",
            "id": "845236-9",
        },
        "subject": "",
    },
    {
        "status_id": 3,
        "timestamp": "2015-06-02T13:16:27-07:00",
        "actor": {
            "username": "example_seller",
            "resource_url": "https://api.discogs.com/users/example_seller",
        },
        "message": "example_buyer changed the order status to Invoice Sent.",
        "type": "status",
        "order": {
            "resource_url": "https://api.discogs.com/marketplace/orders/845236-9",
            "id": "845236-9",
        },
        "subject": "",
    },
    {
        "timestamp": "2015-06-02T13:16:27-07:00",
        "original": 0,
        "new": 5,
        "message": "example_seller set the shipping price to $5.00.",
        "type": "shipping",
        "order": {
            "resource_url": "https://api.discogs.com/marketplace/orders/845236-9",
            "id": "845236-9",
        },
        "subject": "",
    },
    {
        "status_id": 1,
        "timestamp": "2015-06-02T13:16:12-07:00",
        "actor": {
            "username": "example_seller",
            "resource_url": "https://api.discogs.com/users/example_seller",
        },
        "message": "example_seller created the order by merging orders #845236-7, #845236-8.",
        "type": "status",
        "order": {
            "resource_url": "https://api.discogs.com/marketplace/orders/845236-9",
            "id": "845236-9",
        },
        "subject": "",
    },
]

ORDER_845236_9_MESSAGES_PAGINATION: dict[str, Any] = {
    "per_page": 50,
    "items": 8,
    "page": 1,
    "urls": {},
    "pages": 1,
}


# POST /marketplace/orders/1-1/messages (201).
ORDER_MESSAGE_CREATED_1_1: dict[str, Any] = {
    "from": {
        "username": "example_seller",
        "resource_url": "https://api.discogs.com/users/example_seller",
    },
    "message": "Seller changed status from Payment Received to Shipped\n\nYour order is on its way, tracking number #foobarbaz!",
    "order": {
        "resource_url": "https://api.discogs.com/marketplace/orders/1-1",
        "id": "1-1",
    },
    "timestamp": "2011-11-18T15:32:42-07:00",
    "subject": "Discogs Order #1-1, Stockholm",
}


# GET /marketplace/fee/{price} and /marketplace/fee/{price}/{currency}.
FEE_EXAMPLE: dict[str, Any] = {
    "value": 0.42,
    "currency": "USD",
}


# GET /marketplace/price_suggestions/1.
PRICE_SUGGESTIONS_EXAMPLE: dict[str, Any] = {
    "Very Good (VG)": {
        "currency": "USD",
        "value": 6.7827501,
    },
    "Good Plus (G+)": {
        "currency": "USD",
        "value": 3.7681945000000003,
    },
    "Near Mint (NM or M-)": {
        "currency": "USD",
        "value": 12.8118613,
    },
    "Good (G)": {
        "currency": "USD",
        "value": 2.2609167,
    },
    "Very Good Plus (VG+)": {
        "currency": "USD",
        "value": 9.7973057,
    },
    "Mint (M)": {
        "currency": "USD",
        "value": 14.319139100000001,
    },
    "Fair (F)": {
        "currency": "USD",
        "value": 1.5072778000000002,
    },
    "Poor (P)": {
        "currency": "USD",
        "value": 0.7536389000000001,
    },
}


# GET /marketplace/stats/1.
MARKETPLACE_STATS_EXAMPLE: dict[str, Any] = {
    "lowest_price": {
        "currency": "USD",
        "value": 2.09,
    },
    "num_for_sale": 26,
    "blocked_from_sale": False,
}


# The items of GET /inventory/export.
INVENTORY_EXPORTS_EXAMPLE: list[dict[str, Any]] = [
    {
        "status": "success",
        "created_ts": "2018-09-27T12:59:02",
        "url": "https://api.discogs.com/inventory/export/599632",
        "finished_ts": "2018-09-27T12:59:02",
        "download_url": "https://api.discogs.com/inventory/export/599632/download",
        "filename": "cburmeister-inventory-20180927-1259.csv",
        "id": 599632,
    },
]

INVENTORY_EXPORTS_PAGINATION: dict[str, Any] = {
    "per_page": 50,
    "items": 15,
    "page": 1,
    "urls": {},
    "pages": 1,
}


# GET /inventory/export/599632.
INVENTORY_EXPORT_599632: dict[str, Any] = {
    "status": "success",
    "created_ts": "2018-09-27T12:50:39",
    "url": "https://api.discogs.com/inventory/export/599632",
    "finished_ts": "2018-09-27T12:59:02",
    "download_url": "https://api.discogs.com/inventory/export/599632/download",
    "filename": "cburmeister-inventory-20180927-1259.csv",
    "id": 599632,
}


# The items of GET /inventory/upload.
INVENTORY_UPLOADS_EXAMPLE: list[dict[str, Any]] = [
    {
        "status": "success",
        "results": "CSV file contains 1 records.<p>Processed 1 records.",
        "created_ts": "2017-12-18T09:20:28",
        "finished_ts": "2017-12-18T09:20:29",
        "filename": "add.csv",
        "type": "change",
        "id": 119615,
    },
]

INVENTORY_UPLOADS_PAGINATION: dict[str, Any] = {
    "per_page": 50,
    "items": 1,
    "page": 1,
    "urls": {},
    "pages": 1,
}


# GET /inventory/upload/119615.
INVENTORY_UPLOAD_119615: dict[str, Any] = {
    "status": "success",
    "results": "CSV file contains 1 records.<p>Processed 1 records.",
    "created_ts": "2017-12-18T09:20:28",
    "finished_ts": "2017-12-18T09:20:29",
    "filename": "add.csv",
    "type": "change",
    "id": 119615,
}


# GET /oauth/identity.
IDENTITY_EXAMPLE: dict[str, Any] = {
    "id": 1,
    "username": "example",
    "resource_url": "https://api.discogs.com/users/example",
    "consumer_name": "Your Application Name",
}


# GET /users/rodneyfool.
USER_RODNEYFOOL: dict[str, Any] = {
    "profile": "I am a software developer for Discogs.\r\n\r\n[img=http://i.imgur.com/IAk3Ukk.gif]",
    "wantlist_url": "https://api.discogs.com/users/rodneyfool/wants",
    "rank": 149,
    "num_pending": 61,
    "id": 1578108,
    "num_for_sale": 0,
    "home_page": "",
    "location": "I live in the good ol' Pacific NW",
    "collection_folders_url": "https://api.discogs.com/users/rodneyfool/collection/folders",
    "username": "rodneyfool",
    "collection_fields_url": "https://api.discogs.com/users/rodneyfool/collection/fields",
    "releases_contributed": 5,
    "registered": "2012-08-15T21:13:36-07:00",
    "rating_avg": 3.47,
    "num_collection": 78,
    "releases_rated": 116,
    "num_lists": 0,
    "name": "Rodney",
    "num_wantlist": 160,
    "inventory_url": "https://api.discogs.com/users/rodneyfool/inventory",
    "avatar_url": "http://www.gravatar.com/avatar/55502f40dc8b7c769880b10874abc9d0?s=52&r=pg&d=mm",
    "banner_url": "https://img.discogs.com/dhuJe-pRJmod7hN3cdVi2PugEh4=/1600x400/filters:strip_icc():format(jpeg)/discogs-banners/B-1578108-user-1436314164-9231.jpg.jpg",
    "uri": "https://www.discogs.com/user/rodneyfool",
    "resource_url": "https://api.discogs.com/users/rodneyfool",
    "buyer_rating": 100.0,
    "buyer_rating_stars": 5,
    "buyer_num_ratings": 144,
    "seller_rating": 100.0,
    "seller_rating_stars": 5,
    "seller_num_ratings": 21,
    "curr_abbr": "USD",
}


# POST /users/example (the edited profile).
USER_EXAMPLE: dict[str, Any] = {
    "id": 1,
    "username": "example",
    "name": "Example Sampleman",
    "email": "[email protected]",
    "resource_url": "https://api.discogs.com/users/example",
    "inventory_url": "https://api.discogs.com/users/example/inventory",
    "collection_folders_url": "https://api.discogs.com/users/example/collection/folders",
    "collection_fields_url": "https://api.discogs.com/users/example/collection/fields",
    "wantlist_url": "https://api.discogs.com/users/example/wants",
    "uri": "https://www.discogs.com/user/example",
    "profile": "This is some [b]different sample[/b] data!",
    "home_page": "http://www.example.com",
    "location": "Australia",
    "registered": "2011-08-30 14:21:45-07:00",
    "num_lists": 0,
    "num_for_sale": 6,
    "num_collection": 4,
    "num_wantlist": 5,
    "num_pending": 10,
    "releases_contributed": 15,
    "rank": 30,
    "releases_rated": 4,
    "rating_avg": 2.5,
}


# The submissions object (artists, labels, releases) of GET /users/shooezgirl/submissions.
SUBMISSIONS_SHOOEZGIRL: dict[str, Any] = {
    "artists": [
        {
            "data_quality": "Needs Vote",
            "id": 240177,
            "name": "Grimy",
            "namevariations": [
                "Grimmy",
            ],
            "releases_url": "https://api.discogs.com/artists/240177/releases",
            "resource_url": "https://api.discogs.com/artists/240177",
            "uri": "https://www.discogs.com/artist/240177-Grimy",
        },
    ],
    "labels": [],
    "releases": [
        {
            "artists": [
                {
                    "anv": "",
                    "id": 17035,
                    "join": "",
                    "name": "Chaka Khan",
                    "resource_url": "https://api.discogs.com/artists/17035",
                    "role": "",
                    "tracks": "",
                },
            ],
            "community": {
                "contributors": [
                    {
                        "resource_url": "https://api.discogs.com/users/shooezgirl",
                        "username": "shooezgirl",
                    },
                    {
                        "resource_url": "https://api.discogs.com/users/Diognes_The_Fox",
                        "username": "Diognes_The_Fox",
                    },
                ],
                "data_quality": "Needs Vote",
                "have": 0,
                "rating": {
                    "average": 0,
                    "count": 0,
                },
                "status": "Accepted",
                "submitter": {
                    "resource_url": "https://api.discogs.com/users/shooezgirl",
                    "username": "shooezgirl",
                },
                "want": 0,
            },
            "companies": [],
            "country": "US",
            "data_quality": "Needs Vote",
            "date_added": "2014-03-25T14:52:18-07:00",
            "date_changed": "2014-05-14T13:28:21-07:00",
            "estimated_weight": 60,
            "format_quantity": 1,
            "formats": [
                {
                    "descriptions": [
                        '7"',
                        "45 RPM",
                        "Promo",
                    ],
                    "name": "Vinyl",
                    "qty": "1",
                },
            ],
            "genres": [
                "Funk / Soul",
            ],
            "id": 5531861,
            "images": [
                {
                    "height": 594,
                    "resource_url": "https://api-img.discogs.com/i3jf6S4S7LMNBuWxstCxAQs2Rw0=/fit-in/600x594/filters:strip_icc():format(jpeg):mode_rgb():quality(96)/discogs-images/R-5531861-1400099290-9223.jpeg.jpg",
                    "type": "primary",
                    "uri": "https://api-img.discogs.com/i3jf6S4S7LMNBuWxstCxAQs2Rw0=/fit-in/600x594/filters:strip_icc():format(jpeg):mode_rgb():quality(96)/discogs-images/R-5531861-1400099290-9223.jpeg.jpg",
                    "uri150": "https://api-img.discogs.com/xMSwaqP2T8SNwDUTO-gXmHXWt6s=/fit-in/150x150/filters:strip_icc():format(jpeg):mode_rgb()/discogs-images/R-5531861-1400099290-9223.jpeg.jpg",
                    "width": 600,
                },
                {
                    "height": 600,
                    "resource_url": "https://api-img.discogs.com/sT0plDMoOcfJz-1JEui8XQr69kw=/fit-in/600x600/filters:strip_icc():format(jpeg):mode_rgb():quality(96)/discogs-images/R-5531861-1400099290-9749.jpeg.jpg",
                    "type": "secondary",
                    "uri": "https://api-img.discogs.com/sT0plDMoOcfJz-1JEui8XQr69kw=/fit-in/600x600/filters:strip_icc():format(jpeg):mode_rgb():quality(96)/discogs-images/R-5531861-1400099290-9749.jpeg.jpg",
                    "uri150": "https://api-img.discogs.com/f2QfdjBjpuP-Eht4DVSlCfPtTe8=/fit-in/150x150/filters:strip_icc():format(jpeg):mode_rgb()/discogs-images/R-5531861-1400099290-9749.jpeg.jpg",
                    "width": 600,
                },
            ],
            "labels": [
                {
                    "catno": "7-28671",
                    "entity_type": "1",
                    "id": 1000,
                    "name": "Warner Bros. Records",
                    "resource_url": "https://api.discogs.com/labels/1000",
                },
            ],
            "master_id": 174698,
            "master_url": "https://api.discogs.com/masters/174698",
            "notes": "Promotion Not for Sale",
            "released": "1986",
            "released_formatted": "1986",
            "resource_url": "https://api.discogs.com/releases/5531861",
            "series": [],
            "status": "Accepted",
            "styles": [
                "Rhythm & Blues",
            ],
            "thumb": "https://api-img.discogs.com/xMSwaqP2T8SNwDUTO-gXmHXWt6s=/fit-in/150x150/filters:strip_icc():format(jpeg):mode_rgb()/discogs-images/R-5531861-1400099290-9223.jpeg.jpg",
            "title": "Love Of A Lifetime",
            "uri": "https://www.discogs.com/Chaka-Khan-Love-Of-A-Lifetime/release/5531861",
            "videos": [
                {
                    "description": "Chaka Khan - Love you all my lifetime (live)",
                    "duration": 285,
                    "embed": True,
                    "title": "Chaka Khan - Love you all my lifetime (live)",
                    "uri": "https://www.youtube.com/watch?v=WOrCYzfchTI",
                },
                {
                    "description": "Chaka Khan - Love Of A Lifetime [Official Video]",
                    "duration": 257,
                    "embed": True,
                    "title": "Chaka Khan - Love Of A Lifetime [Official Video]",
                    "uri": "https://www.youtube.com/watch?v=5K6-q2VqJdE",
                },
                {
                    "description": "CHAKA KHAN - COLTRANE DREAMS ~{The 45 VERSION}~",
                    "duration": 151,
                    "embed": True,
                    "title": "CHAKA KHAN - COLTRANE DREAMS ~{The 45 VERSION}~",
                    "uri": "https://www.youtube.com/watch?v=11eaG7KdS9g",
                },
            ],
            "year": 1986,
        },
    ],
}

SUBMISSIONS_SHOOEZGIRL_PAGINATION: dict[str, Any] = {
    "items": 3,
    "page": 1,
    "pages": 1,
    "per_page": 50,
    "urls": {},
}


# The contributions of GET /users/shooezgirl/contributions.
CONTRIBUTIONS_SHOOEZGIRL: list[dict[str, Any]] = [
    {
        "artists": [
            {
                "anv": "",
                "id": 17961,
                "join": "And",
                "name": "Cher",
                "resource_url": "https://api.discogs.com/artists/17961",
                "role": "",
                "tracks": "",
            },
        ],
        "community": {
            "contributors": [
                {
                    "resource_url": "https://api.discogs.com/users/shooezgirl",
                    "username": "shooezgirl",
                },
                {
                    "resource_url": "https://api.discogs.com/users/Aquacrash_Dj",
                    "username": "Aquacrash_Dj",
                },
            ],
            "data_quality": "Needs Vote",
            "have": 0,
            "rating": {
                "average": 0,
                "count": 0,
            },
            "status": "Accepted",
            "submitter": {
                "resource_url": "https://api.discogs.com/users/shooezgirl",
                "username": "shooezgirl",
            },
            "want": 0,
        },
        "companies": [],
        "country": "US",
        "data_quality": "Needs Vote",
        "date_added": "2014-03-25T15:16:13-07:00",
        "date_changed": "2014-05-14T13:36:00-07:00",
        "estimated_weight": 60,
        "format_quantity": 1,
        "formats": [
            {
                "descriptions": [
                    '7"',
                    "45 RPM",
                    "Single",
                    "Promo",
                ],
                "name": "Vinyl",
                "qty": "1",
            },
        ],
        "genres": [
            "Rock",
            "Pop",
        ],
        "id": 5531933,
        "images": [
            {
                "height": 605,
                "resource_url": "https://api-img.discogs.com/e0X1tNZv6nkdOOTPJAn-dtCbFa0=/fit-in/600x605/filters:strip_icc():format(jpeg):mode_rgb():quality(96)/discogs-images/R-5531933-1400099758-6444.jpeg.jpg",
                "type": "primary",
                "uri": "https://api-img.discogs.com/e0X1tNZv6nkdOOTPJAn-dtCbFa0=/fit-in/600x605/filters:strip_icc():format(jpeg):mode_rgb():quality(96)/discogs-images/R-5531933-1400099758-6444.jpeg.jpg",
                "uri150": "https://api-img.discogs.com/8et0xtf9REFloKoqi6NSJ6AJvFI=/fit-in/150x150/filters:strip_icc():format(jpeg):mode_rgb()/discogs-images/R-5531933-1400099758-6444.jpeg.jpg",
                "width": 600,
            },
        ],
        "labels": [
            {
                "catno": "7-27529-DJ",
                "entity_type": "1",
                "id": 821,
                "name": "Geffen Records",
                "resource_url": "https://api.discogs.com/labels/821",
            },
        ],
        "master_id": 223379,
        "master_url": "https://api.discogs.com/masters/223379",
        "notes": "Promotion Not For Sale",
        "released": "1989",
        "released_formatted": "1989",
        "resource_url": "https://api.discogs.com/releases/5531933",
        "series": [],
        "status": "Accepted",
        "styles": [
            "Ballad",
        ],
        "thumb": "https://api-img.discogs.com/8et0xtf9REFloKoqi6NSJ6AJvFI=/fit-in/150x150/filters:strip_icc():format(jpeg):mode_rgb()/discogs-images/R-5531933-1400099758-6444.jpeg.jpg",
        "title": "After All",
        "uri": "https://www.discogs.com/Cher-And-Peter-Cetera-After-All/release/5531933",
        "videos": [
            {
                "description": "Cher & Peter Cetera - After All [On-Screen Lyrics]",
                "duration": 247,
                "embed": True,
                "title": "Cher & Peter Cetera - After All [On-Screen Lyrics]",
                "uri": "https://www.youtube.com/watch?v=qy717J3Iscw",
            },
        ],
        "year": 1989,
    },
]

CONTRIBUTIONS_SHOOEZGIRL_PAGINATION: dict[str, Any] = {
    "items": 2,
    "page": 1,
    "pages": 1,
    "per_page": 50,
    "urls": {},
}


# GET /users/example/collection/folders.
COLLECTION_FOLDERS_EXAMPLE: dict[str, Any] = {
    "folders": [
        {
            "id": 0,
            "count": 23,
            "name": "All",
            "resource_url": "https://api.discogs.com/users/example/collection/folders/0",
        },
        {
            "id": 1,
            "count": 20,
            "name": "Uncategorized",
            "resource_url": "https://api.discogs.com/users/example/collection/folders/1",
        },
    ],
}


# POST /users/example/collection/folders (201).
COLLECTION_FOLDER_CREATED_EXAMPLE: dict[str, Any] = {
    "id": 232842,
    "name": "My Music",
    "count": 0,
    "resource_url": "https://api.discogs.com/users/example/collection/folders/232842",
}


# GET /users/example/collection/folders/1.
COLLECTION_FOLDER_1_EXAMPLE: dict[str, Any] = {
    "id": 1,
    "count": 20,
    "name": "Uncategorized",
    "resource_url": "https://api.discogs.com/users/example/collection/folders/1",
}


# POST /users/example/collection/folders/392 (rename).
COLLECTION_FOLDER_EDITED_EXAMPLE: dict[str, Any] = {
    "id": 392,
    "count": 3,
    "name": "An Example Folder",
    "resource_url": "https://api.discogs.com/users/example/collection/folders/392",
}


# The releases of GET /users/susan.salkeld/collection/releases/7781525.
COLLECTION_RELEASE_INSTANCES_7781525: list[dict[str, Any]] = [
    {
        "instance_id": 148842233,
        "rating": 4,
        "basic_information": {
            "labels": [
                {
                    "name": "Varèse Vintage",
                    "entity_type": "1",
                    "catno": "302 067 361 1",
                    "resource_url": "http://api.discogs.com/labels/151979",
                    "id": 151979,
                    "entity_type_name": "Label",
                },
            ],
            "formats": [
                {
                    "descriptions": [
                        "LP",
                        "Album",
                        "Compilation",
                        "Limited Edition",
                        "Mono",
                    ],
                    "name": "Vinyl",
                    "qty": "2",
                },
            ],
            "thumb": "http://api-img.discogs.com/FGmDbZ6M9wNPwEAsn0yWz1jzQuI=/fit-in/150x150/filters:strip_icc():format(jpeg):mode_rgb():quality(90)/discogs-images/R-7781525-1449187274-5587.jpeg.jpg",
            "title": "The BBC Radio Sessions",
            "artists": [
                {
                    "join": ",",
                    "name": "The Zombies",
                    "anv": "",
                    "tracks": "",
                    "role": "",
                    "resource_url": "http://api.discogs.com/artists/262221",
                    "id": 262221,
                },
            ],
            "resource_url": "http://api.discogs.com/releases/7781525",
            "year": 2015,
            "id": 7781525,
        },
        "folder_id": 688739,
        "date_added": "2015-11-30T10:54:13-08:00",
        "id": 7781525,
    },
    {
        "instance_id": 181301430,
        "rating": 4,
        "basic_information": {
            "labels": [
                {
                    "name": "Varèse Vintage",
                    "entity_type": "1",
                    "catno": "302 067 361 1",
                    "resource_url": "http://api.discogs.com/labels/151979",
                    "id": 151979,
                    "entity_type_name": "Label",
                },
            ],
            "formats": [
                {
                    "descriptions": [
                        "LP",
                        "Album",
                        "Compilation",
                        "Limited Edition",
                        "Mono",
                    ],
                    "name": "Vinyl",
                    "qty": "2",
                },
            ],
            "thumb": "http://api-img.discogs.com/FGmDbZ6M9wNPwEAsn0yWz1jzQuI=/fit-in/150x150/filters:strip_icc():format(jpeg):mode_rgb():quality(90)/discogs-images/R-7781525-1449187274-5587.jpeg.jpg",
            "title": "The BBC Radio Sessions",
            "artists": [
                {
                    "join": ",",
                    "name": "The Zombies",
                    "anv": "",
                    "tracks": "",
                    "role": "",
                    "resource_url": "http://api.discogs.com/artists/262221",
                    "id": 262221,
                },
            ],
            "resource_url": "http://api.discogs.com/releases/7781525",
            "year": 2015,
            "id": 7781525,
        },
        "folder_id": 1,
        "date_added": "2016-07-27T08:11:29-07:00",
        "id": 7781525,
    },
    {
        "instance_id": 181301442,
        "rating": 4,
        "basic_information": {
            "labels": [
                {
                    "name": "Varèse Vintage",
                    "entity_type": "1",
                    "catno": "302 067 361 1",
                    "resource_url": "http://api.discogs.com/labels/151979",
                    "id": 151979,
                    "entity_type_name": "Label",
                },
            ],
            "formats": [
                {
                    "descriptions": [
                        "LP",
                        "Album",
                        "Compilation",
                        "Limited Edition",
                        "Mono",
                    ],
                    "name": "Vinyl",
                    "qty": "2",
                },
            ],
            "thumb": "http://api-img.discogs.com/FGmDbZ6M9wNPwEAsn0yWz1jzQuI=/fit-in/150x150/filters:strip_icc():format(jpeg):mode_rgb():quality(90)/discogs-images/R-7781525-1449187274-5587.jpeg.jpg",
            "title": "The BBC Radio Sessions",
            "artists": [
                {
                    "join": ",",
                    "name": "The Zombies",
                    "anv": "",
                    "tracks": "",
                    "role": "",
                    "resource_url": "http://api.discogs.com/artists/262221",
                    "id": 262221,
                },
            ],
            "resource_url": "http://api.discogs.com/releases/7781525",
            "year": 2015,
            "id": 7781525,
        },
        "folder_id": 688739,
        "date_added": "2016-07-27T08:11:35-07:00",
        "id": 7781525,
    },
]

COLLECTION_RELEASE_INSTANCES_7781525_PAGINATION: dict[str, Any] = {
    "per_page": 50,
    "items": 28,
    "page": 1,
    "urls": {},
    "pages": 1,
}


# The one item of GET /users/example/collection/folders/1/releases?per_page=1.
COLLECTION_FOLDER_1_ITEM_EXAMPLE: dict[str, Any] = {
    "id": 2464521,
    "instance_id": 1,
    "folder_id": 1,
    "rating": 0,
    "basic_information": {
        "id": 2464521,
        "title": "Information Chase",
        "year": 2006,
        "resource_url": "https://api.discogs.com/releases/2464521",
        "thumb": "https://api-img.discogs.com/vzpYq4_kc52GZFs14c0SCJ0ZE84=/fit-in/150x150/filters:strip_icc():format(jpeg):mode_rgb()/discogs-images/R-2464521-1285519861.jpeg.jpg",
        "cover_image": "https://api-img.discogs.com/vzpYq4_kc52GZFs14c0SCJ0ZE84/fit-in/500x500/filters:strip_icc():format(jpeg):mode_rgb():quality(90)/discogs-images/R-2464521-1285519861.jpeg.jpg",
        "formats": [
            {
                "qty": "1",
                "descriptions": [
                    "Mini",
                    "EP",
                ],
                "name": "CDr",
            },
        ],
        "labels": [
            {
                "resource_url": "https://api.discogs.com/labels/11647",
                "entity_type": "",
                "catno": "8BP059",
                "id": 11647,
                "name": "8bitpeoples",
            },
        ],
        "artists": [
            {
                "id": 103906,
                "name": "Bit Shifter",
                "join": "",
                "resource_url": "https://api.discogs.com/artists/103906",
                "anv": "",
                "tracks": "",
                "role": "",
            },
        ],
        "genres": [
            "Electronic",
            "Pop",
        ],
        "styles": [
            "Chiptune",
        ],
    },
    "notes": [
        {
            "field_id": 3,
            "value": "bleep bloop blorp.",
        },
    ],
}

COLLECTION_FOLDER_1_RELEASES_PAGINATION: dict[str, Any] = {
    "per_page": 1,
    "pages": 14,
    "page": 1,
    "items": 14,
    "urls": {
        "next": "https://api.discogs.com/users/example/collection/folders/1/releases?page=2&per_page=1",
        "last": "https://api.discogs.com/users/example/collection/folders/1/releases?page=2&per_page=14",
    },
}


# POST /users/example/collection/folders/1/releases/1 (201).
COLLECTION_INSTANCE_CREATED_EXAMPLE: dict[str, Any] = {
    "instance_id": 3,
    "resource_url": "https://api.discogs.com/users/example/collection/folders/1/release/1/instance/3",
}


# GET /users/rodneyfool/collection/fields.
COLLECTION_FIELDS_EXAMPLE: dict[str, Any] = {
    "fields": [
        {
            "name": "Media",
            "options": [
                "Mint (M)",
                "Near Mint (NM or M-)",
                "Very Good Plus (VG+)",
                "Very Good (VG)",
                "Good Plus (G+)",
                "Good (G)",
                "Fair (F)",
                "Poor (P)",
            ],
            "id": 1,
            "position": 1,
            "type": "dropdown",
            "public": True,
        },
        {
            "name": "Sleeve",
            "options": [
                "Generic",
                "No Cover",
                "Mint (M)",
                "Near Mint (NM or M-)",
                "Very Good Plus (VG+)",
                "Very Good (VG)",
                "Good Plus (G+)",
                "Good (G)",
                "Fair (F)",
                "Poor (P)",
            ],
            "id": 2,
            "position": 2,
            "type": "dropdown",
            "public": True,
        },
        {
            "name": "Notes",
            "lines": 3,
            "id": 3,
            "position": 3,
            "type": "textarea",
            "public": True,
        },
    ],
}


# GET /users/rodneyfool/collection/value.
COLLECTION_VALUE_EXAMPLE: dict[str, Any] = {
    "maximum": "$250.00",
    "median": "$100.25",
    "minimum": "$75.50",
}


# The wants of GET /users/example/wants.
WANTLIST_EXAMPLE: list[dict[str, Any]] = [
    {
        "rating": 4,
        "basic_information": {
            "formats": [
                {
                    "text": "Digipak",
                    "qty": "1",
                    "descriptions": [
                        "Album",
                    ],
                    "name": "CD",
                },
            ],
            "thumb": "https://api-img.discogs.com/PsLAcp_I0-EPPkSBaHx2t7dmXTg=/fit-in/150x150/filters:strip_icc():format(jpeg):mode_rgb()/discogs-images/R-1867708-1248886216.jpeg.jpg",
            "cover_image": "https://api-img.discogs.com/PsLAcp_I0-EPPkSBaHx2t7dmXTg=/fit-in/500x500/filters:strip_icc():format(jpeg):mode_rgb()/discogs-images/R-1867708-1248886216.jpeg.jpg",
            "title": "Year Zero",
            "labels": [
                {
                    "resource_url": "https://api.discogs.com/labels/2311",
                    "entity_type": "",
                    "catno": "B0008764-02",
                    "id": 2311,
                    "name": "Interscope Records",
                },
            ],
            "year": 2007,
            "artists": [
                {
                    "join": "",
                    "name": "Nine Inch Nails",
                    "anv": "",
                    "tracks": "",
                    "role": "",
                    "resource_url": "https://api.discogs.com/artists/3857",
                    "id": 3857,
                },
            ],
            "resource_url": "https://api.discogs.com/releases/1867708",
            "id": 1867708,
        },
        "resource_url": "https://api.discogs.com/users/example/wants/1867708",
        "id": 1867708,
    },
    {
        "rating": 0,
        "basic_information": {
            "formats": [
                {
                    "qty": "1",
                    "descriptions": [
                        "Album",
                    ],
                    "name": "CDr",
                },
            ],
            "thumb": "https://api-img.discogs.com/w1cVy7ppMYEDlqY9sjoAojC3MhQ=/fit-in/150x150/filters:strip_icc():format(jpeg):mode_rgb()/discogs-images/R-1675174-1236118359.jpeg.jpg",
            "cover_image": "https://api-img.discogs.com/w1cVy7ppMYEDlqY9sjoAojC3MhQ=/fit-in/347x352/filters:strip_icc():format(jpeg):mode_rgb()/discogs-images/R-1675174-1236118359.jpeg.jpg",
            "title": "Dawn Metropolis",
            "labels": [
                {
                    "resource_url": "https://api.discogs.com/labels/141550",
                    "entity_type": "",
                    "catno": "NORM007",
                    "id": 141550,
                    "name": "Normative",
                },
            ],
            "year": 2009,
            "artists": [
                {
                    "join": "",
                    "name": "Anamanaguchi",
                    "anv": "",
                    "tracks": "",
                    "role": "",
                    "resource_url": "https://api.discogs.com/artists/667233",
                    "id": 667233,
                },
            ],
            "resource_url": "https://api.discogs.com/releases/1675174",
            "id": 1675174,
        },
        "notes": "Sample notes.",
        "resource_url": "https://api.discogs.com/users/example/wants/1675174",
        "id": 1675174,
    },
]

WANTLIST_PAGINATION: dict[str, Any] = {
    "per_page": 50,
    "pages": 1,
    "page": 1,
    "items": 2,
    "urls": {},
}


# PUT /users/example/wants/1 (201).
WANT_ADD_EXAMPLE: dict[str, Any] = {
    "id": 1,
    "rating": 0,
    "notes": "",
    "resource_url": "https://api.discogs.com/users/example/wants/1",
    "basic_information": {
        "id": 1,
        "resource_url": "https://api.discogs.com/releases/1",
        "thumb": "https://api-img.discogs.com/7HGTQzTb7os1duruukQElELEapk=/fit-in/150x150/filters:strip_icc():format(jpeg):mode_rgb()/discogs-images/R-1-1193812031.jpeg.jpg",
        "cover_image": "https://api-img.discogs.com/7HGTQzTb7os1duruukQElELEapk=/fit-in/347x352/filters:strip_icc():format(jpeg):mode_rgb()/discogs-images/R-1-1193812031.jpeg.jpg",
        "title": "Stockholm",
        "year": 1999,
        "formats": [
            {
                "qty": "2",
                "descriptions": [
                    '12"',
                ],
                "name": "Vinyl",
            },
        ],
        "labels": [
            {
                "name": "Svek",
                "entity_type": "1",
                "catno": "SK032",
                "resource_url": "https://api.discogs.com/labels/5",
                "id": 5,
                "entity_type_name": "Label",
            },
        ],
        "artists": [
            {
                "join": "",
                "name": "Persuader, The",
                "anv": "",
                "tracks": "",
                "role": "",
                "resource_url": "https://api.discogs.com/artists/1",
                "id": 1,
            },
        ],
    },
}


# POST /users/example/wants/1 (edited notes).
WANT_EDIT_EXAMPLE: dict[str, Any] = {
    "id": 1,
    "rating": 0,
    "notes": "I've added some notes!",
    "resource_url": "https://api.discogs.com/users/example/wants/1",
    "basic_information": {
        "id": 1,
        "resource_url": "https://api.discogs.com/releases/1",
        "thumb": "https://api-img.discogs.com/7HGTQzTb7os1duruukQElELEapk=/fit-in/150x150/filters:strip_icc():format(jpeg):mode_rgb()/discogs-images/R-1-1193812031.jpeg.jpg",
        "cover_image": "https://api-img.discogs.com/7HGTQzTb7os1duruukQElELEapk=/fit-in/500x500/filters:strip_icc():format(jpeg):mode_rgb()/discogs-images/R-1-1193812031.jpeg.jpg",
        "title": "Stockholm",
        "year": 1999,
        "formats": [
            {
                "qty": "2",
                "descriptions": [
                    '12"',
                ],
                "name": "Vinyl",
            },
        ],
        "labels": [
            {
                "name": "Svek",
                "entity_type": "1",
                "catno": "SK032",
                "resource_url": "https://api.discogs.com/labels/5",
                "id": 5,
                "entity_type_name": "Label",
            },
        ],
        "artists": [
            {
                "join": "",
                "name": "Persuader, The",
                "anv": "",
                "tracks": "",
                "role": "",
                "resource_url": "https://api.discogs.com/artists/1",
                "id": 1,
            },
        ],
    },
}


# The lists of GET /users/rodneyfool/lists?per_page=1&page=2.
LISTS_RODNEYFOOL: list[dict[str, Any]] = [
    {
        "date_added": "2016-05-31T10:30:51-07:00",
        "date_changed": "2016-05-31T10:30:51-07:00",
        "name": "rodneyfool",
        "id": 1,
        "uri": "https://www.discogs.com/lists/rodneyfool/1",
        "resource_url": "https://api.discogs.com/lists/1",
        "public": False,
        "description": "foo test description",
    },
]

LISTS_RODNEYFOOL_PAGINATION: dict[str, Any] = {
    "per_page": 1,
    "items": 2,
    "page": 2,
    "urls": {
        "prev": "https://api.discogs.com/users/rodneyfool/lists?per_page=1&page=1",
        "first": "https://api.discogs.com/users/rodneyfool/lists?per_page=1&page=1",
    },
    "pages": 2,
}


# GET /lists/2.
LIST_2: dict[str, Any] = {
    "created_ts": "2016-05-31T10:36:30-07:00",
    "modified_ts": "2016-05-31T13:46:12-07:00",
    "name": "new list",
    "list_id": 2,
    "url": "https://www.discogs.com/lists/new-list/2",
    "items": [
        {
            "comment": "My list comment",
            "display_title": "Silent Phase - The Rewired Mixes",
            "uri": "https://www.discogs.com/Silent-Phase-The-Rewired-Mixes/release/4674",
            "image_url": "https://api-img.discogs.com/-06gF81ykx-Ok1PCpNR7B7Rt_Dc=/300x300/smart/filters:strip_icc():format(jpeg):mode_rgb():quality(40)/discogs-images/A-3227-1132807172.jpeg.jpg",
            "resource_url": "https://api.discogs.com/releases/4674",
            "type": "release",
            "id": 4674,
        },
        {
            "comment": "item comment",
            "display_title": "Various - Artificial Intelligence II",
            "uri": "https://www.discogs.com/Various-Artificial-Intelligence-II/release/2964",
            "image_url": "http://api-img.discogs.com/euixsynJwQxJelre_kQNV-ZtX0Y=/fit-in/300x300/filters:strip_icc():format(jpeg):mode_rgb():quality(40)/discogs-images/R-2964-1215444984.jpeg.jpg",
            "resource_url": "https://api.discogs.com/releases/2964",
            "type": "release",
            "id": 2964,
        },
        {
            "comment": "This is an artist",
            "display_title": "Silent Phase",
            "uri": "https://www.discogs.com/artist/3227-Silent-Phase",
            "image_url": "http://api-img.discogs.com/-06gF81ykx-Ok1PCpNR7B7Rt_Dc=/300x300/smart/filters:strip_icc():format(jpeg):mode_rgb():quality(40)/discogs-images/A-3227-1132807172.jpeg.jpg",
            "resource_url": "https://api.discogs.com/artists/3227",
            "type": "artist",
            "id": 3227,
        },
    ],
    "resource_url": "https://api.discogs.com/lists/2",
    "public": False,
    "description": "What a cool list!",
}


# The error bodies the document shows, by meaning.
ERROR_MESSAGES: dict[str, str] = {
    "RELEASE_NOT_FOUND": "Release not found.",
    "MASTER_NOT_FOUND": "Master Release not found.",
    "ARTIST_NOT_FOUND": "Artist not found.",
    "LABEL_NOT_FOUND": "Label not found.",
    "QUERY_TIME_EXCEEDED": "Query time exceeded. Please try a simpler query.",
    "MALFORMED_QUERY": "An internal server error occurred. (Malformed query?)",
    "RESOURCE_NOT_FOUND": "The request resource was not found.",
    "INVALID_INVENTORY_STATUS": "Invalid status: expected one of All, Deleted, Draft, Expired, For Sale, Sold, Suspended, Violation.",
    "PERMISSION_DENIED": "You don't have permission to access this resource.",
    "AUTHENTICATION_REQUIRED": "You must authenticate to access this resource.",
}


# The document's example ratings (memory rated 249504 with 5), keyed as SandboxState.ratings
# is. The catalogue's community rating already counts them.
DOCUMENT_RATINGS: dict[tuple[int, str], int] = {
    (
        RELEASE_249504_RATING_MEMORY["release_id"],
        RELEASE_249504_RATING_MEMORY["username"].lower(),
    ): RELEASE_249504_RATING_MEMORY["rating"],
}
