"""Word lists of the demo salon: names of salons and staff, tags, notes, formulas,
in the salon's three languages. Data only; ``demo`` draws from it."""

LOCALES = {"fa": "fa_IR", "pl": "pl_PL", "en": "en_GB"}
# Faker's fa_IR list joins two names where a comma is missing ("فاطميا" "سارينا").
FAKER_TYPOS = frozenset({"فاطمياسارينا"})
REGION = {"fa": "IR", "pl": "PL", "en": "GB"}
COUNTRY_CODE = {"IR": "98", "PL": "48", "GB": "44"}
PERSIAN_DIGITS = str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹")

# -- the salon ------------------------------------------------------------------

SALONS = {
    "en": dict(
        salon_name="Bloom Hair & Beauty",
        address="14 Market Street\nCambridge CB2 3QF",
        phone="01223 456789",
        currency="GBP",
        phone_region="GB",
    ),
    "pl": dict(
        salon_name="Salon Urody Magnolia",
        address="ul. Floriańska 12/3\n31-019 Kraków",
        phone="12 345 67 89",
        currency="PLN",
        phone_region="PL",
    ),
    "fa": dict(
        salon_name="سالن زیبایی نیلوفر",
        address="تهران، خیابان ولیعصر، بالاتر از پارک ساعی، پلاک ۲۱۴",
        phone="۰۲۱ ۸۸۷۶ ۵۴۳۲",
        currency="IRT",
        phone_region="IR",
    ),
}

# (name, role key, active). Role keys are translated through ROLES.
STAFF = {
    "en": [
        ("Sophie Turner", "manager", True),
        ("Olivia Bennett", "stylist", True),
        ("Grace Whitfield", "colourist", True),
        ("Amelia Hughes", "nails", True),
        ("Chloe Patel", "beautician", True),
        ("Emily Clarke", "reception", True),
        ("Jessica Moore", "stylist", False),
    ],
    "pl": [
        ("Katarzyna Wiśniewska", "manager", True),
        ("Agnieszka Zając", "stylist", True),
        ("Małgorzata Wójcik", "colourist", True),
        ("Joanna Kamińska", "nails", True),
        ("Magdalena Lewandowska", "beautician", True),
        ("Natalia Dąbrowska", "reception", True),
        ("Ewa Kozłowska", "stylist", False),
    ],
    "fa": [
        ("نرگس احمدی", "manager", True),
        ("مریم حسینی", "stylist", True),
        ("سارا رضایی", "colourist", True),
        ("نازنین کریمی", "nails", True),
        ("الهام موسوی", "beautician", True),
        ("زهرا محمدی", "reception", True),
        ("فاطمه جعفری", "stylist", False),
    ],
}
ROLES = {
    "en": {
        "manager": "Manager",
        "stylist": "Hair stylist",
        "colourist": "Colourist",
        "nails": "Nail technician",
        "beautician": "Beautician",
        "reception": "Receptionist",
    },
    "pl": {
        "manager": "Kierowniczka",
        "stylist": "Fryzjerka",
        "colourist": "Koloryzatorka",
        "nails": "Stylistka paznokci",
        "beautician": "Kosmetyczka",
        "reception": "Recepcjonistka",
    },
    "fa": {
        "manager": "مدیر سالن",
        "stylist": "آرایشگر مو",
        "colourist": "متخصص رنگ مو",
        "nails": "ناخن‌کار",
        "beautician": "متخصص پوست و زیبایی",
        "reception": "پذیرش",
    },
}

# -- what client files say ----------------------------------------------------

TAGS = {
    "en": [
        "VIP",
        "sensitive scalp",
        "prefers mornings",
        "prefers evenings",
        "regular",
        "student",
        "bride 2026",
        "curly hair",
        "extensions",
        "quiet appointment",
        "needs parking",
        "brings children",
        "colour client",
        "gift voucher",
    ],
    "pl": [
        "VIP",
        "wrażliwa skóra głowy",
        "woli poranki",
        "woli popołudnia",
        "stała klientka",
        "studentka",
        "panna młoda 2026",
        "kręcone włosy",
        "przedłużanie włosów",
        "cicha wizyta",
        "przychodzi z dzieckiem",
        "koloryzacja",
        "bon podarunkowy",
    ],
    "fa": [
        "VIP",
        "پوست سر حساس",
        "صبح‌ها را ترجیح می‌دهد",
        "عصرها را ترجیح می‌دهد",
        "مشتری ثابت",
        "دانشجو",
        "عروس ۱۴۰۵",
        "موی فر",
        "اکستنشن",
        "نوبت آرام",
        "با کودک می‌آید",
        "رنگ مو",
        "کارت هدیه",
    ],
}
ALLERGIES = {
    "en": [
        "PPD (para-phenylenediamine) in hair dye: patch test 48 h before every colour",
        "Latex: nitrile gloves only",
        "Nickel: no metal clips or pins",
        "Acrylates (gel nails): contact dermatitis in 2024",
        "Fragrance mix: unscented products",
        "Ammonia: ammonia-free colour only",
        "Pregnant: no chemical treatments until further notice",
        "Lanolin",
        "Tea tree oil",
        "Epilepsy: no strobe / IPL",
    ],
    "pl": [
        "PPD (parafenylenodiamina) w farbach: próba uczuleniowa 48 h przed każdą koloryzacją",
        "Lateks: tylko rękawiczki nitrylowe",
        "Nikiel: bez metalowych spinek",
        "Akrylany (żel na paznokcie): kontaktowe zapalenie skóry w 2024",
        "Kompozycje zapachowe: tylko produkty bezzapachowe",
        "Amoniak: tylko farby bez amoniaku",
        "Ciąża: bez zabiegów chemicznych",
        "Lanolina",
        "Olejek z drzewa herbacianego",
        "Padaczka: bez IPL",
    ],
    "fa": [
        "حساسیت به PPD در رنگ مو: تست حساسیت ۴۸ ساعت قبل از هر رنگ",
        "حساسیت به لاتکس: فقط دستکش نیتریل",
        "حساسیت به نیکل: بدون گیره فلزی",
        "حساسیت به اکریلات (ژلیش): درماتیت تماسی در ۱۴۰۳",
        "حساسیت به عطر: فقط محصولات بدون بو",
        "حساسیت به آمونیاک: فقط رنگ بدون آمونیاک",
        "باردار: تا اطلاع ثانوی بدون خدمات شیمیایی",
        "حساسیت به لانولین",
        "حساسیت به روغن درخت چای",
        "صرع: بدون IPL",
    ],
}
HAIR_NOTES = {
    "en": [
        "Fine, thin hair; volumising products",
        "Thick, coarse hair; allow extra time",
        "Grey coverage about 40 %",
        "Natural curls: no thinning scissors",
        "Bleached ends, fragile: Olaplex with every colour",
        "Cowlick at the crown",
        "Grows fast: roots every 5 weeks",
        "Keratin treatment 2025",
    ],
    "pl": [
        "Włosy cienkie, delikatne; produkty na objętość",
        "Włosy grube; potrzeba więcej czasu",
        "Siwe włosy ok. 40 %",
        "Naturalne loki: bez degażówek",
        "Rozjaśnione końce, łamliwe: Olaplex przy każdej koloryzacji",
        "Wir na czubku głowy",
        "Szybko rosną: odrost co 5 tygodni",
        "Keratynowe prostowanie 2025",
    ],
    "fa": [
        "موی نازک و کم‌پشت؛ محصولات حجم‌دهنده",
        "موی ضخیم؛ زمان بیشتری لازم است",
        "حدود ۴۰٪ سفیدی",
        "موی فر طبیعی: بدون قیچی پیتاژ",
        "سرشاخه‌های دکلره و شکننده: اولاپلکس با هر رنگ",
        "گردی مو روی فرق سر",
        "رشد سریع: ریشه هر ۵ هفته",
        "کراتینه ۱۴۰۴",
    ],
}
SKIN_NOTES = {
    "en": [
        "Dry, sensitive skin; no peels",
        "Oily T-zone",
        "Rosacea on cheeks: lukewarm water only",
        "Combination skin",
        "Acne-prone; non-comedogenic products",
        "Mature skin; likes the lifting facial",
    ],
    "pl": [
        "Skóra sucha, wrażliwa; bez peelingów",
        "Tłusta strefa T",
        "Trądzik różowaty na policzkach: tylko letnia woda",
        "Cera mieszana",
        "Skłonność do trądziku; produkty niekomedogenne",
        "Cera dojrzała; lubi zabieg liftingujący",
    ],
    "fa": [
        "پوست خشک و حساس؛ بدون لایه‌برداری",
        "ناحیه T چرب",
        "روزاسه روی گونه‌ها: فقط آب ولرم",
        "پوست مختلط",
        "مستعد جوش؛ محصولات غیرکومدوژنیک",
        "پوست بالغ؛ فیشیال لیفتینگ را دوست دارد",
    ],
}
NOTES = {
    "en": [
        "Coffee, no sugar",
        "Usually 10 minutes late",
        "Comes with her daughter",
        "Pays by card only",
        "Prefers Olivia for cuts",
        "Do not call before 10 am",
        "Likes to chat about travel",
        "Booked her wedding trial",
    ],
    "pl": [
        "Kawa bez cukru",
        "Zwykle spóźnia się 10 minut",
        "Przychodzi z córką",
        "Płaci tylko kartą",
        "Strzyże się tylko u Agnieszki",
        "Nie dzwonić przed 10:00",
        "Lubi rozmawiać o podróżach",
        "Próbna fryzura ślubna zarezerwowana",
    ],
    "fa": [
        "قهوه بدون شکر",
        "معمولاً ۱۰ دقیقه دیر می‌آید",
        "با دخترش می‌آید",
        "فقط با کارت پرداخت می‌کند",
        "کوتاهی فقط با مریم",
        "قبل از ساعت ۱۰ تماس نگیرید",
        "دوست دارد درباره سفر صحبت کند",
        "نوبت تست شینیون عروس",
    ],
}
# Stored as keys (domain.client.PHONE_LABELS), shown translated.
PHONE_LABELS = ("mobile", "work", "home")
FORMULA_WORDS = {
    "en": ("roots", "lengths", "toner"),
    "pl": ("odrost", "długości", "toner"),
    "fa": ("ریشه", "ساقه", "تونر"),
}
COLOUR_LINES = [
    ("Igora Royal", ["5-0", "6-1", "6-0", "7-1", "7-0", "8-1", "6-68", "5-88", "9-0", "4-0"]),
    ("L'Oréal Majirel", ["5", "6", "6.1", "7.3", "8.13", "7.1", "4.15", "9.1"]),
    ("Wella Koleston Perfect", ["6/0", "7/1", "8/3", "5/66", "7/7", "9/16", "6/7"]),
    ("Goldwell Topchic", ["6N", "7NA", "8GB", "5RR", "9A", "7B"]),
]
TONERS = ["Igora Vibrance 9-55", "Wella Illumina 10/69", "Redken Shades EQ 09V", "Majirel Glow .21"]
EMAIL_DOMAINS = {
    "en": [
        "gmail.com",
        "outlook.com",
        "icloud.com",
        "yahoo.co.uk",
        "hotmail.co.uk",
        "btinternet.com",
    ],
    "pl": ["gmail.com", "wp.pl", "onet.pl", "o2.pl", "interia.pl", "op.pl"],
    "fa": ["gmail.com", "yahoo.com", "outlook.com"],
}
TEHRAN_STREETS = [
    "ولیعصر",
    "شریعتی",
    "پاسداران",
    "میرداماد",
    "ونک",
    "سعادت‌آباد",
    "نیاوران",
    "فرشته",
    "ظفر",
    "مطهری",
    "بهشتی",
    "ستارخان",
    "جمهوری",
    "آزادی",
    "کارگر شمالی",
]
FA_CITIES = ["تهران"] * 8 + ["کرج", "شیراز", "اصفهان", "مشهد"]
# Persian letters to Latin, only to make plausible e-mail user names.
FA_LATIN = str.maketrans(
    {
        "ا": "a",
        "آ": "a",
        "ب": "b",
        "پ": "p",
        "ت": "t",
        "ث": "s",
        "ج": "j",
        "چ": "ch",
        "ح": "h",
        "خ": "kh",
        "د": "d",
        "ذ": "z",
        "ر": "r",
        "ز": "z",
        "ژ": "zh",
        "س": "s",
        "ش": "sh",
        "ص": "s",
        "ض": "z",
        "ط": "t",
        "ظ": "z",
        "ع": "",
        "غ": "gh",
        "ف": "f",
        "ق": "gh",
        "ک": "k",
        "گ": "g",
        "ل": "l",
        "م": "m",
        "ن": "n",
        "و": "o",
        "ه": "h",
        "ی": "i",
        "ئ": "",
        "ء": "",
        " ": "",
    }
)


# -- generated clients --------------------------------------------------------


# -- the price list ---------------------------------------------------------------
# Prices are in shown units of the salon's currency (złoty, pounds, toman); the
# demo stores them in minor units (grosze, pence, rials: toman × 10).

CATEGORIES = {
    "hair": {"en": "Hair", "pl": "Fryzjerstwo", "fa": "مو"},
    "colour": {"en": "Colour", "pl": "Koloryzacja", "fa": "رنگ و لایت"},
    "nails": {"en": "Nails", "pl": "Paznokcie", "fa": "ناخن"},
    "beauty": {"en": "Beauty", "pl": "Kosmetyka", "fa": "پوست و زیبایی"},
}
# key: (category, role of who does it, minutes, name en, name pl, name fa)
SERVICES = {
    "cut_women": (
        "hair",
        "stylist",
        60,
        "Women's cut & blow-dry",
        "Strzyżenie damskie z modelowaniem",
        "کوتاهی و براشینگ بانوان",
    ),
    "blow_dry": ("hair", "stylist", 40, "Blow-dry", "Modelowanie", "براشینگ"),
    "cut_men": ("hair", "stylist", 30, "Men's cut", "Strzyżenie męskie", "کوتاهی آقایان"),
    "beard": ("hair", "stylist", 20, "Beard trim", "Trymowanie brody", "اصلاح ریش"),
    "kids_cut": ("hair", "stylist", 30, "Children's cut", "Strzyżenie dziecięce", "کوتاهی کودک"),
    "updo": (
        "hair",
        "stylist",
        90,
        "Bridal / occasion updo",
        "Upięcie okolicznościowe",
        "شینیون عروس",
    ),
    "treatment": ("hair", "stylist", 30, "Olaplex treatment", "Zabieg Olaplex", "ترمیم اولاپلکس"),
    "keratin": ("hair", "stylist", 150, "Keratin smoothing", "Keratynowe prostowanie", "کراتینه"),
    "roots": ("colour", "colourist", 90, "Root colour", "Koloryzacja odrostu", "رنگ ریشه"),
    "full_colour": (
        "colour",
        "colourist",
        120,
        "Full colour",
        "Koloryzacja całościowa",
        "رنگ کامل",
    ),
    "highlights": ("colour", "colourist", 150, "Highlights", "Pasemka", "هایلایت"),
    "balayage": ("colour", "colourist", 210, "Balayage", "Balayage", "بالیاژ"),
    "toner": ("colour", "colourist", 30, "Toner / gloss", "Tonowanie", "تونر"),
    "manicure": ("nails", "nails", 45, "Classic manicure", "Manicure klasyczny", "مانیکور"),
    "hybrid": ("nails", "nails", 60, "Gel polish manicure", "Manicure hybrydowy", "ژلیش"),
    "gel_nails": (
        "nails",
        "nails",
        120,
        "Gel nail extensions",
        "Przedłużanie paznokci żelem",
        "کاشت ناخن",
    ),
    "pedicure": ("nails", "nails", 60, "Pedicure", "Pedicure", "پدیکور"),
    "facial": (
        "beauty",
        "beautician",
        75,
        "Hydrating facial",
        "Zabieg nawilżający na twarz",
        "فیشیال آبرسان",
    ),
    "brows": ("beauty", "beautician", 20, "Brow shaping", "Regulacja brwi", "اصلاح ابرو"),
    "lash_lift": ("beauty", "beautician", 60, "Lash lift & tint", "Laminacja rzęs", "لیفت مژه"),
    "waxing": (
        "beauty",
        "beautician",
        45,
        "Leg waxing",
        "Depilacja woskiem nóg",
        "اپیلاسیون پا با موم",
    ),
    "makeup": (
        "beauty",
        "beautician",
        60,
        "Occasion make-up",
        "Makijaż okolicznościowy",
        "میکاپ مجلسی",
    ),
}
# key: (price, material cost) in PLN, GBP, toman
SERVICE_PRICES = {
    "PLN": {
        "cut_women": (150, 9),
        "blow_dry": (80, 5),
        "cut_men": (80, 3),
        "beard": (50, 2),
        "kids_cut": (60, 2),
        "updo": (250, 12),
        "treatment": (120, 35),
        "keratin": (450, 110),
        "roots": (220, 38),
        "full_colour": (300, 60),
        "highlights": (400, 75),
        "balayage": (650, 110),
        "toner": (120, 22),
        "manicure": (80, 6),
        "hybrid": (130, 14),
        "gel_nails": (200, 30),
        "pedicure": (160, 12),
        "facial": (250, 45),
        "brows": (60, 3),
        "lash_lift": (150, 18),
        "waxing": (120, 15),
        "makeup": (250, 25),
    },
    "GBP": {
        "cut_women": (55, 3),
        "blow_dry": (30, 2),
        "cut_men": (28, 1),
        "beard": (15, 1),
        "kids_cut": (18, 1),
        "updo": (85, 4),
        "treatment": (35, 10),
        "keratin": (180, 40),
        "roots": (65, 11),
        "full_colour": (85, 17),
        "highlights": (120, 22),
        "balayage": (160, 28),
        "toner": (35, 6),
        "manicure": (28, 2),
        "hybrid": (38, 4),
        "gel_nails": (50, 8),
        "pedicure": (42, 3),
        "facial": (70, 12),
        "brows": (18, 1),
        "lash_lift": (55, 6),
        "waxing": (35, 4),
        "makeup": (75, 7),
    },
    "IRT": {
        "cut_women": (350_000, 20_000),
        "blow_dry": (250_000, 15_000),
        "cut_men": (200_000, 10_000),
        "beard": (100_000, 5_000),
        "kids_cut": (150_000, 5_000),
        "updo": (2_500_000, 150_000),
        "treatment": (800_000, 250_000),
        "keratin": (4_500_000, 1_200_000),
        "roots": (1_200_000, 300_000),
        "full_colour": (2_000_000, 500_000),
        "highlights": (3_500_000, 800_000),
        "balayage": (6_000_000, 1_300_000),
        "toner": (700_000, 150_000),
        "manicure": (250_000, 20_000),
        "hybrid": (450_000, 60_000),
        "gel_nails": (900_000, 150_000),
        "pedicure": (400_000, 30_000),
        "facial": (1_200_000, 250_000),
        "brows": (150_000, 5_000),
        "lash_lift": (700_000, 90_000),
        "waxing": (500_000, 60_000),
        "makeup": (8_000_000, 400_000),
    },
}
# Tax in basis points: PL VAT 8 % on hair, colour and cosmetic services, 23 % on
# nails, make-up and goods; UK VAT 20 %; Iran's VAT 10 %.
SERVICE_TAX = {
    "PLN": {"hair": 800, "colour": 800, "beauty": 800, "nails": 2300},
    "GBP": {"hair": 2000, "colour": 2000, "beauty": 2000, "nails": 2000},
    "IRT": {"hair": 1000, "colour": 1000, "beauty": 1000, "nails": 1000},
}
SERVICE_TAX_EXCEPTIONS = {"PLN": {"makeup": 2300}}
PRODUCT_TAX = {"PLN": 2300, "GBP": 2000, "IRT": 1000}
# What kind of client comes for what: (weight, main services with weights, extras).
CLIENT_KINDS = {
    "female": [
        (
            30,
            {"cut_women": 6, "blow_dry": 2, "treatment": 1, "keratin": 1},
            ["blow_dry", "treatment", "brows", "toner"],
        ),
        (
            30,
            {"roots": 6, "full_colour": 2, "highlights": 2, "balayage": 1},
            ["cut_women", "toner", "treatment", "blow_dry"],
        ),
        (
            22,
            {"hybrid": 6, "manicure": 2, "gel_nails": 2, "pedicure": 2},
            ["pedicure", "brows", "manicure"],
        ),
        (
            18,
            {"facial": 3, "brows": 4, "lash_lift": 2, "waxing": 2},
            ["brows", "lash_lift", "hybrid"],
        ),
    ],
    "male": [(100, {"cut_men": 8, "beard": 2}, ["beard", "brows"])],
}
WEEKLY = {"blow_dry": 5, "hybrid": 2, "manicure": 2}  # the once-a-week clients come for these
PEAK_EXTRAS = ["updo", "makeup", "blow_dry"]  # weddings and holiday parties
# (brand name, name pl, name fa, PLN price, cost, GBP price, cost, toman price, cost, reorder)
PRODUCTS = [
    (
        "Olaplex No.3 Hair Perfector 100 ml",
        "",
        "اولاپلکس شماره ۳",
        159,
        95,
        28,
        15,
        2_800_000,
        1_900_000,
        4,
    ),
    (
        "Kérastase Bain Satin Shampoo 250 ml",
        "",
        "شامپو کراستاس باین ساتین",
        139,
        80,
        26,
        14,
        2_200_000,
        1_500_000,
        4,
    ),
    (
        "L'Oréal Absolut Repair Shampoo 300 ml",
        "",
        "شامپو لورآل ابسولوت ریپیر",
        89,
        50,
        17,
        9,
        950_000,
        600_000,
        6,
    ),
    (
        "L'Oréal Absolut Repair Mask 250 ml",
        "",
        "ماسک مو لورآل ابسولوت ریپیر",
        119,
        65,
        21,
        11,
        1_300_000,
        850_000,
        4,
    ),
    (
        "Moroccanoil Treatment 100 ml",
        "",
        "روغن آرگان مراکشی",
        189,
        110,
        36,
        20,
        3_500_000,
        2_400_000,
        3,
    ),
    (
        "Wella EIMI Thermal Image 150 ml",
        "",
        "اسپری محافظ حرارت ولا",
        69,
        38,
        14,
        7,
        750_000,
        480_000,
        5,
    ),
    (
        "Schwarzkopf OSiS+ Session Hairspray 300 ml",
        "",
        "اسپری نگهدارنده شوارتسکف",
        65,
        35,
        13,
        7,
        700_000,
        450_000,
        5,
    ),
    (
        "Redken Acidic Bonding Conditioner 300 ml",
        "",
        "نرم‌کننده ردکن اسیدیک",
        129,
        75,
        24,
        13,
        1_600_000,
        1_050_000,
        4,
    ),
    ("Davines OI Shampoo 280 ml", "", "شامپو داوینس OI", 125, 70, 25, 13, 1_500_000, 980_000, 3),
    (
        "Kérastase Elixir Ultime Oil 100 ml",
        "",
        "روغن الیکسیر کراستاس",
        229,
        140,
        45,
        26,
        4_200_000,
        2_900_000,
        2,
    ),
    ("Tangle Teezer Original", "", "برس تنگل تیزر", 69, 38, 14, 7, 850_000, 550_000, 4),
    ("OPI Nail Envy 15 ml", "", "تقویت‌کننده ناخن OPI", 99, 55, 19, 10, 1_100_000, 700_000, 3),
    ("CND SolarOil Cuticle Oil 15 ml", "", "روغن کوتیکول CND", 49, 25, 12, 6, 450_000, 280_000, 5),
    (
        "La Roche-Posay Cicaplast Baume B5 40 ml",
        "",
        "کرم سیکاپلاست لاروش‌پوزای",
        55,
        33,
        12,
        7,
        650_000,
        430_000,
        5,
    ),
    (
        "Bioderma Sensibio H2O 250 ml",
        "",
        "میسلار واتر بایودرما",
        59,
        35,
        13,
        7,
        700_000,
        460_000,
        5,
    ),
    (
        "Gift box: shampoo & mask",
        "Zestaw prezentowy: szampon i maska",
        "ست هدیه شامپو و ماسک",
        199,
        120,
        38,
        22,
        2_400_000,
        1_600_000,
        2,
    ),
]
EAN_PREFIX = {"pl": "590", "en": "50", "fa": "626"}
COMMISSION = {  # role: (service %, product %) in basis points
    "manager": (2500, 500),
    "stylist": (3500, 1000),
    "colourist": (3500, 1000),
    "nails": (4000, 1000),
    "beautician": (3500, 1000),
    "reception": (0, 500),
}

# -- what happens at the till ---------------------------------------------------------
VOUCHER_LINE = {"en": "Gift voucher", "pl": "Bon podarunkowy", "fa": "کارت هدیه"}
VOUCHER_VALUES = {
    "PLN": [100, 150, 200, 300, 500],
    "GBP": [25, 50, 75, 100],
    "IRT": [500_000, 1_000_000, 2_000_000, 3_000_000, 5_000_000],
}
OPENING_FLOAT = {"PLN": 300, "GBP": 100, "IRT": 2_000_000}
TIPS = {
    "PLN": [5, 10, 10, 20, 20, 30],
    "GBP": [2, 3, 5, 5, 10],
    "IRT": [50_000, 100_000, 100_000, 200_000, 300_000],
}
CASH_ROUND = {"PLN": 10, "GBP": 5, "IRT": 100_000}  # cash handed over is rounded up to this
ACCOUNT_TOP_UP = {
    "PLN": [300, 500, 1000],
    "GBP": [100, 200],
    "IRT": [2_000_000, 5_000_000, 10_000_000],
}
DISCOUNT_REASONS = {
    "en": [
        "Loyalty card",
        "Birthday month",
        "Friends & family",
        "Student discount",
        "Complaint goodwill",
    ],
    "pl": [
        "Karta lojalnościowa",
        "Urodziny klientki",
        "Rabat dla rodziny",
        "Zniżka studencka",
        "Rekompensata za reklamację",
    ],
    "fa": [
        "کارت وفاداری",
        "تخفیف تولد",
        "تخفیف دوستان و خانواده",
        "تخفیف دانشجویی",
        "جبران نارضایتی",
    ],
}
VOID_REASONS = {
    "en": ["Rung up twice", "Wrong client", "Wrong service entered"],
    "pl": ["Wbite dwa razy", "Niewłaściwa klientka", "Zła usługa"],
    "fa": ["دو بار ثبت شد", "مشتری اشتباه", "خدمت اشتباه ثبت شد"],
}
REFUND_REASONS = {
    "en": ["Product returned unopened", "Allergic reaction to product"],
    "pl": ["Zwrot nieotwartego produktu", "Reakcja alergiczna na produkt"],
    "fa": ["مرجوعی محصول باز نشده", "حساسیت به محصول"],
}
CASH_OUT = {  # (reason, amount in shown units)
    "PLN": [
        ("Mleko i kawa", 24),
        ("Środki czystości", 45),
        ("Kwiaty na recepcję", 60),
        ("Poczta", 18),
    ],
    "GBP": [
        ("Milk and coffee", 8),
        ("Cleaning supplies", 15),
        ("Flowers for reception", 20),
        ("Postage", 6),
    ],
    "IRT": [
        ("شیر و قهوه", 350_000),
        ("مواد شوینده", 600_000),
        ("گل برای پذیرش", 900_000),
        ("پیک", 150_000),
    ],
}
CLOSE_NOTES = {
    "en": ["", "", "Short: change given wrongly?", "Over: tip left in the drawer"],
    "pl": ["", "", "Brak: źle wydana reszta?", "Nadwyżka: napiwek w szufladzie"],
    "fa": ["", "", "کسری: باقی‌مانده اشتباه داده شد؟", "اضافه: انعام در صندوق ماند"],
}
RESTOCK_REASON = {"en": "Delivery", "pl": "Dostawa", "fa": "تحویل از پخش‌کننده"}
# Differences found when the cash is counted: in grosze / pence, or toman.
CLOSE_DIFFS = {
    "PLN": [100, 200, 500, 1000],
    "GBP": [10, 50, 100, 200],
    "IRT": [10_000, 20_000, 50_000, 100_000],
}
