"""Search-as-you-type (issue 2, item 4) on SQLite and PostgreSQL."""

from __future__ import annotations

import pytest

from salon_desktop.domain.client import ClientDraft, PhoneEntry


@pytest.fixture
def people(ir_ctx):
    """A small salon: Persian, Polish and English names; Iranian and Polish phones."""
    ctx = ir_ctx
    specs = {
        "anna": ("Anna", "Kowalska", ["+48 601 234 567"]),
        "marek": ("Marek", "Nowak", ["+48 512 987 654"]),
        "maryam": ("مریم", "کریمی", ["۰۹۱۲ ۳۴۵ ۶۷۸۹"]),
        "ali": ("علی", "رضایی", ["0935 111 2233"]),
        "zolw": ("Żaneta", "Żółw", []),
        "john": ("John", "Smith", ["+44 20 7946 0958"]),
        "sara": ("سارا", "احمدی‌نژاد", []),  # with ZWNJ
    }
    ids = {}
    for key, (first, last, phones) in specs.items():
        ids[key] = ctx.clients.create(
            ClientDraft(first_name=first, last_name=last, phones=[PhoneEntry(p) for p in phones]),
            None,
        )
    return ctx, ids


def found(ctx, query, **kw) -> set[int]:
    return {r.id for r in ctx.search.search(query, **kw).rows}


def names(ctx, ids, query, **kw) -> set[str]:
    by_id = {v: k for k, v in ids.items()}
    return {by_id[i] for i in found(ctx, query, **kw)}


# -- one or two characters: word starts -------------------------------------------------


@pytest.mark.parametrize(
    "query, expected",
    [
        ("a", {"anna"}),  # first name "Anna"; not "Marek" or "Kowalska"
        ("an", {"anna"}),  # not "Żaneta" (an in the middle) nor "Kowalska"
        ("k", {"anna"}),  # last name start
        ("KO", {"anna"}),  # case ignored
        ("no", {"marek"}),
        ("m", {"marek"}),
        ("za", {"zolw"}),  # Żaneta typed without diacritics
        ("zo", {"zolw"}),  # Żółw
        ("ż", {"zolw"}),
        ("مر", {"maryam"}),
        ("ک", {"maryam"}),
        ("كر", {"maryam"}),  # Arabic kaf folds to Persian keheh
        ("ر", {"ali"}),
        ("اح", {"sara"}),
        ("w", set()),  # "Nowak", "Kowalska": no word starts with w
        ("ow", set()),
    ],
)
def test_short_queries_match_word_starts(people, query, expected):
    ctx, ids = people
    assert names(ctx, ids, query) == expected


def test_short_queries_match_client_number_and_phone_start(people):
    ctx, ids = people
    numbers = {ctx.clients.get(i).number: k for k, i in ids.items()}
    assert numbers[3] == "maryam"
    assert "maryam" in names(ctx, ids, "3")  # client number
    assert "maryam" in names(ctx, ids, "۳")  # in Persian digits
    assert names(ctx, ids, "60") == {"anna"}  # national number 601...
    assert names(ctx, ids, "48") == {"anna", "marek"}  # international 48...
    assert names(ctx, ids, "09") == {"maryam", "ali"}  # national Iranian 09...
    assert names(ctx, ids, "۰۹") == {"maryam", "ali"}


def test_digit_query_lists_the_exact_client_number_first(people):
    ctx, ids = people
    ctx.clients.create(ClientDraft(first_name="Client", last_name="Ten"), None)
    extra = [ctx.clients.create(ClientDraft(first_name=f"X{i}"), None) for i in range(3)]
    tenth = ctx.clients.get(extra[-1])
    assert tenth.number == 11
    rows = ctx.search.search("11").rows
    assert rows[0].id == tenth.id


# -- three characters or more: any part of the name, any script ----------------------------


@pytest.mark.parametrize(
    "query, expected",
    [
        ("owal", {"anna"}),
        ("walsk", {"anna"}),
        ("ANNA kowal", {"anna"}),
        ("kowalska anna", {"anna"}),  # word order does not matter
        ("zolw", {"zolw"}),
        ("ZÓŁW", {"zolw"}),
        ("olw", {"zolw"}),
        ("anet", {"zolw"}),
        ("mit", {"john"}),
        ("ریم", {"maryam"}),  # inside both "مریم" and "کریمی"
        ("كريمي", {"maryam"}),  # Arabic yeh and kaf
        ("مريم كريمي", {"maryam"}),
        ("ضای", {"ali"}),
        ("ضاي", {"ali"}),
        ("نژاد", {"sara"}),
        ("احمدینژاد", {"sara"}),  # typed without the ZWNJ
        ("احمدی‌نژاد", {"sara"}),  # typed with it
        ("anna ko", {"anna"}),  # a short word matches the start of a word
        ("kowalska a", {"anna"}),
        ("anna wa", set()),  # "wa" is inside "Kowalska", not at a word start
        ("مریم ک", {"maryam"}),
        ("xyz", set()),
        ("nowak x", set()),
    ],
)
def test_long_queries_match_any_part_of_the_name(people, query, expected):
    ctx, ids = people
    assert names(ctx, ids, query) == expected


@pytest.mark.parametrize(
    "query, expected",
    [
        ("0912 345", {"maryam"}),  # national form finds +98912345...
        ("۰۹۱۲ ۳۴۵", {"maryam"}),  # in Persian digits
        ("٠٩١٢٣٤٥", {"maryam"}),  # in Arabic-Indic digits
        ("+98 912", {"maryam"}),  # international form
        ("98912", {"maryam"}),
        ("3456789", {"maryam"}),  # any fragment
        ("۶۷۸۹", {"maryam"}),
        ("345-678", {"maryam"}),  # (Anna's 601 234 567 holds 34567, not 345678)
        ("(0935) 111", {"ali"}),
        ("601 234", {"anna"}),
        ("987 654", {"marek"}),
        ("7946", {"john"}),
        ("020 7946", {"john"}),
        ("555555", set()),
    ],
)
def test_phone_fragments_in_any_digit_form(people, query, expected):
    ctx, ids = people
    assert names(ctx, ids, query) == expected


def test_rows_carry_what_the_list_shows(people):
    ctx, ids = people
    ctx.clients.update(
        ids["anna"],
        ClientDraft(
            first_name="Anna",
            last_name="Kowalska",
            phones=[PhoneEntry("+48 601 234 567")],
            allergies="latex",
        ),
        None,
    )
    (row,) = ctx.search.search("kowalska").rows
    assert (row.first_name, row.last_name, row.main_phone) == ("Anna", "Kowalska", "+48601234567")
    assert row.has_alert is True and row.archived is False
    (row,) = ctx.search.search("nowak").rows
    assert row.has_alert is False


# -- archived files ----------------------------------------------------------------------


@pytest.mark.parametrize("query", ["anna", "an", "ko", "kowalska", "601 234", "60", "1"])
def test_archived_clients_are_found_only_when_asked(people, query):
    ctx, ids = people
    ctx.clients.set_archived(ids["anna"], True, None)
    assert ids["anna"] not in found(ctx, query)
    assert ids["anna"] in found(ctx, query, archived=True)
    assert found(ctx, query, archived=True) == {ids["anna"]}
    assert ids["anna"] not in found(ctx, "")
    assert found(ctx, "", archived=True) == {ids["anna"]}


# -- listing and paging --------------------------------------------------------------------


def test_empty_query_lists_active_clients_by_last_name(people):
    ctx, ids = people
    rows = ctx.search.search("").rows
    assert len(rows) == len(ids)
    latin = [r.last_name for r in rows if r.last_name.isascii()]
    assert latin == ["Kowalska", "Nowak", "Smith"]
    assert found(ctx, "   ") == set(ids.values())
    assert found(ctx, "\u200f\u200c") == set(ids.values())  # invisible marks: an empty query


@pytest.mark.parametrize("query", ["", "ka", "kasia", "nowicka"])
def test_paging(ctx, query):
    made = {
        ctx.clients.create(ClientDraft(first_name="Kasia", last_name=f"Nowicka {i}"), None)
        for i in range(7)
    }
    seen, offset, pages = [], 0, 0
    while offset is not None:
        page = ctx.search.search(query, offset=offset, limit=3)
        assert len(page.rows) <= 3
        seen += [r.id for r in page.rows]
        offset, pages = page.next_offset, pages + 1
        assert pages <= 4
    assert pages == 3
    assert len(seen) == len(set(seen)) == 7
    assert set(seen) == made
    page = ctx.search.search(query, offset=0, limit=7)
    assert page.next_offset is None and len(page.rows) == 7
    assert ctx.search.search(query, offset=0, limit=6).next_offset == 6


def test_paging_of_phone_fragments(ir_ctx):
    ctx = ir_ctx
    made = {
        ctx.clients.create(
            ClientDraft(first_name=f"P{i}", phones=[PhoneEntry(f"0912 000 00{i:02d}")]), None
        )
        for i in range(5)
    }
    first = ctx.search.search("0912 000", limit=2)
    second = ctx.search.search("0912 000", offset=first.next_offset, limit=2)
    third = ctx.search.search("0912 000", offset=second.next_offset, limit=2)
    assert (first.next_offset, second.next_offset, third.next_offset) == (2, 4, None)
    ids = [r.id for p in (first, second, third) for r in p.rows]
    assert sorted(ids) == sorted(made)


# -- odd input -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "query",
    [
        "%",
        "%%%",
        "_",
        "___",
        "\\",
        '"',
        '"""',
        "'",
        "a'b",
        'a"b',
        "*",
        "a*",
        "NEAR(a b)",
        "name_key : x",
        "') OR 1=1 --",
        "😀😀😀",
        "AND",
        "x OR y",
        "-",
        "+",
        "()",
    ],
)
def test_odd_queries_do_not_crash_or_match_everything(people, query):
    ctx, ids = people
    result = found(ctx, query)
    assert result != set(ids.values())


def test_everyone_list_pages_deep_without_losing_or_repeating(ctx):
    """Later pages of the unfiltered list continue after the last row shown
    (a range scan), also through runs of identical names."""
    for i in range(23):
        ctx.clients.create(
            ClientDraft(first_name="Anna", last_name="Nowak"), None, allow_duplicate=True
        )
        ctx.clients.create(ClientDraft(first_name=f"Ewa{i:02d}", last_name="Kowal"), None)
    everyone = ctx.search.search("", 0, 100).rows
    paged, offset = [], 0
    while offset is not None:
        page = ctx.search.search("", offset, 5)
        paged += page.rows
        offset = page.next_offset
    assert [r.id for r in paged] == [r.id for r in everyone]
    assert len({r.id for r in paged}) == 46
    # A client added while scrolling appears in its place, nothing shifts twice.
    first = ctx.search.search("", 0, 5)
    ctx.clients.create(ClientDraft(first_name="Aaron", last_name="Aardvark"), None)
    second = ctx.search.search("", first.next_offset, 5)
    assert {r.id for r in first.rows}.isdisjoint({r.id for r in second.rows})


@pytest.mark.parametrize(
    "query, expected",
    [
        ("0912 345", {"maryam"}),
        ("۰۹۱۲ ۳۴", {"maryam"}),
        ("+98 912", {"maryam"}),
        ("0098 912", {"maryam"}),
        ("0048 601", {"anna"}),
        ("+48 5", {"marek"}),
        ("(0935) 111", {"ali"}),
        ("020 7946", {"john"}),
    ],
)
def test_a_number_typed_from_its_start_is_a_range_scan_of_the_phone_keys(people, query, expected):
    """Not the trigram index: the phone keys hold every number's national and
    international digits, so the start of a number is a range of keys."""
    from sqlalchemy import event

    ctx, ids = people
    statements: list[str] = []

    def seen(conn, cursor, statement, *args):
        statements.append(statement)

    event.listen(ctx.engine, "before_cursor_execute", seen)
    try:
        assert names(ctx, ids, query) == expected
    finally:
        event.remove(ctx.engine, "before_cursor_execute", seen)
    searches = [s for s in statements if "client_search_keys" in s or "fts" in s.lower()]
    assert searches and all("client_search_keys" in s for s in searches), searches
    assert not any("MATCH" in s or "LIKE" in s.upper() for s in searches)


@pytest.mark.parametrize(
    "query, expected",
    [("00 111", {"zero"}), ("0912 999", set()), ("0 111", {"zero"})],
)
def test_a_fragment_that_only_looks_like_a_number_start_is_still_found(people, query, expected):
    """ "00 111" typed from the end of +48 602 000 111 starts no number: it is looked
    for anywhere in the numbers, as any fragment is."""
    ctx, ids = people
    ids["zero"] = ctx.clients.create(
        ClientDraft(first_name="Ola", phones=[PhoneEntry("+48 602 000 111")]), None
    )
    assert names(ctx, ids, query) == expected
