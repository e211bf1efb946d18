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
    "en": {"manager": "Manager", "stylist": "Hair stylist", "colourist": "Colourist",
           "nails": "Nail technician", "beautician": "Beautician", "reception": "Receptionist"},
    "pl": {"manager": "Kierowniczka", "stylist": "Fryzjerka", "colourist": "Koloryzatorka",
           "nails": "Stylistka paznokci", "beautician": "Kosmetyczka",
           "reception": "Recepcjonistka"},
    "fa": {"manager": "مدیر سالن", "stylist": "آرایشگر مو", "colourist": "متخصص رنگ مو",
           "nails": "ناخن‌کار", "beautician": "متخصص پوست و زیبایی", "reception": "پذیرش"},
}

# -- what client files say ----------------------------------------------------

TAGS = {
    "en": ["VIP", "sensitive scalp", "prefers mornings", "prefers evenings", "regular",
           "student", "bride 2026", "curly hair", "extensions", "quiet appointment",
           "needs parking", "brings children", "colour client", "gift voucher"],
    "pl": ["VIP", "wrażliwa skóra głowy", "woli poranki", "woli popołudnia", "stała klientka",
           "studentka", "panna młoda 2026", "kręcone włosy", "przedłużanie włosów",
           "cicha wizyta", "przychodzi z dzieckiem", "koloryzacja", "bon podarunkowy"],
    "fa": ["VIP", "پوست سر حساس", "صبح‌ها را ترجیح می‌دهد", "عصرها را ترجیح می‌دهد",
           "مشتری ثابت", "دانشجو", "عروس ۱۴۰۵", "موی فر", "اکستنشن", "نوبت آرام",
           "با کودک می‌آید", "رنگ مو", "کارت هدیه"],
}
ALLERGIES = {
    "en": ["PPD (para-phenylenediamine) in hair dye: patch test 48 h before every colour",
           "Latex: nitrile gloves only", "Nickel: no metal clips or pins",
           "Acrylates (gel nails): contact dermatitis in 2024", "Fragrance mix: unscented products",
           "Ammonia: ammonia-free colour only", "Pregnant: no chemical treatments until further notice",
           "Lanolin", "Tea tree oil", "Epilepsy: no strobe / IPL"],
    "pl": ["PPD (parafenylenodiamina) w farbach: próba uczuleniowa 48 h przed każdą koloryzacją",
           "Lateks: tylko rękawiczki nitrylowe", "Nikiel: bez metalowych spinek",
           "Akrylany (żel na paznokcie): kontaktowe zapalenie skóry w 2024",
           "Kompozycje zapachowe: tylko produkty bezzapachowe",
           "Amoniak: tylko farby bez amoniaku", "Ciąża: bez zabiegów chemicznych",
           "Lanolina", "Olejek z drzewa herbacianego", "Padaczka: bez IPL"],
    "fa": ["حساسیت به PPD در رنگ مو: تست حساسیت ۴۸ ساعت قبل از هر رنگ",
           "حساسیت به لاتکس: فقط دستکش نیتریل", "حساسیت به نیکل: بدون گیره فلزی",
           "حساسیت به اکریلات (ژلیش): درماتیت تماسی در ۱۴۰۳",
           "حساسیت به عطر: فقط محصولات بدون بو", "حساسیت به آمونیاک: فقط رنگ بدون آمونیاک",
           "باردار: تا اطلاع ثانوی بدون خدمات شیمیایی", "حساسیت به لانولین",
           "حساسیت به روغن درخت چای", "صرع: بدون IPL"],
}
HAIR_NOTES = {
    "en": ["Fine, thin hair; volumising products", "Thick, coarse hair; allow extra time",
           "Grey coverage about 40 %", "Natural curls: no thinning scissors",
           "Bleached ends, fragile: Olaplex with every colour", "Cowlick at the crown",
           "Grows fast: roots every 5 weeks", "Keratin treatment 2025"],
    "pl": ["Włosy cienkie, delikatne; produkty na objętość", "Włosy grube; potrzeba więcej czasu",
           "Siwe włosy ok. 40 %", "Naturalne loki: bez degażówek",
           "Rozjaśnione końce, łamliwe: Olaplex przy każdej koloryzacji",
           "Wir na czubku głowy", "Szybko rosną: odrost co 5 tygodni", "Keratynowe prostowanie 2025"],
    "fa": ["موی نازک و کم‌پشت؛ محصولات حجم‌دهنده", "موی ضخیم؛ زمان بیشتری لازم است",
           "حدود ۴۰٪ سفیدی", "موی فر طبیعی: بدون قیچی پیتاژ",
           "سرشاخه‌های دکلره و شکننده: اولاپلکس با هر رنگ", "گردی مو روی فرق سر",
           "رشد سریع: ریشه هر ۵ هفته", "کراتینه ۱۴۰۴"],
}
SKIN_NOTES = {
    "en": ["Dry, sensitive skin; no peels", "Oily T-zone", "Rosacea on cheeks: lukewarm water only",
           "Combination skin", "Acne-prone; non-comedogenic products", "Mature skin; likes the lifting facial"],
    "pl": ["Skóra sucha, wrażliwa; bez peelingów", "Tłusta strefa T",
           "Trądzik różowaty na policzkach: tylko letnia woda", "Cera mieszana",
           "Skłonność do trądziku; produkty niekomedogenne", "Cera dojrzała; lubi zabieg liftingujący"],
    "fa": ["پوست خشک و حساس؛ بدون لایه‌برداری", "ناحیه T چرب", "روزاسه روی گونه‌ها: فقط آب ولرم",
           "پوست مختلط", "مستعد جوش؛ محصولات غیرکومدوژنیک", "پوست بالغ؛ فیشیال لیفتینگ را دوست دارد"],
}
NOTES = {
    "en": ["Coffee, no sugar", "Usually 10 minutes late", "Comes with her daughter",
           "Pays by card only", "Prefers Olivia for cuts", "Do not call before 10 am",
           "Likes to chat about travel", "Booked her wedding trial"],
    "pl": ["Kawa bez cukru", "Zwykle spóźnia się 10 minut", "Przychodzi z córką",
           "Płaci tylko kartą", "Strzyże się tylko u Agnieszki", "Nie dzwonić przed 10:00",
           "Lubi rozmawiać o podróżach", "Próbna fryzura ślubna zarezerwowana"],
    "fa": ["قهوه بدون شکر", "معمولاً ۱۰ دقیقه دیر می‌آید", "با دخترش می‌آید",
           "فقط با کارت پرداخت می‌کند", "کوتاهی فقط با مریم", "قبل از ساعت ۱۰ تماس نگیرید",
           "دوست دارد درباره سفر صحبت کند", "نوبت تست شینیون عروس"],
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
    "en": ["gmail.com", "outlook.com", "icloud.com", "yahoo.co.uk", "hotmail.co.uk", "btinternet.com"],
    "pl": ["gmail.com", "wp.pl", "onet.pl", "o2.pl", "interia.pl", "op.pl"],
    "fa": ["gmail.com", "yahoo.com", "outlook.com"],
}
TEHRAN_STREETS = ["ولیعصر", "شریعتی", "پاسداران", "میرداماد", "ونک", "سعادت‌آباد", "نیاوران",
                   "فرشته", "ظفر", "مطهری", "بهشتی", "ستارخان", "جمهوری", "آزادی", "کارگر شمالی"]
FA_CITIES = ["تهران"] * 8 + ["کرج", "شیراز", "اصفهان", "مشهد"]
# Persian letters to Latin, only to make plausible e-mail user names.
FA_LATIN = str.maketrans({
    "ا": "a", "آ": "a", "ب": "b", "پ": "p", "ت": "t", "ث": "s", "ج": "j", "چ": "ch", "ح": "h",
    "خ": "kh", "د": "d", "ذ": "z", "ر": "r", "ز": "z", "ژ": "zh", "س": "s", "ش": "sh", "ص": "s",
    "ض": "z", "ط": "t", "ظ": "z", "ع": "", "غ": "gh", "ف": "f", "ق": "gh", "ک": "k", "گ": "g",
    "ل": "l", "م": "m", "ن": "n", "و": "o", "ه": "h", "ی": "i", "ئ": "", "ء": "", " ": "",
})


# -- generated clients --------------------------------------------------------
