"""The product taxonomy: top-level groups fitting Vietnamese produce, each with a few leaves.

Codes are stable (stored on products, mapped per marketplace by the export packs); labels are
English msgids translated to Vietnamese. ``search_words`` adds the Vietnamese words a buyer or
officer might type, folded, so "ca phe" finds coffee whatever the interface language.
"""

from dataclasses import dataclass

from flask_babel import lazy_gettext as _l


@dataclass(frozen=True)
class Category:
    code: str
    label: object  # a lazy string
    group: str  # the code of its top-level group ("" for a group itself)
    search_words: str = ""


GROUPS = (
    Category("grains_nuts", _l("Grains and nuts"), "", "hat ngu coc lac dau"),
    Category("rice", _l("Rice"), "", "gao lua nep"),
    Category("coffee_tea", _l("Coffee and tea"), "", "ca phe che tra"),
    Category("fruit", _l("Fruit"), "", "trai cay hoa qua"),
    Category("vegetables", _l("Vegetables"), "", "rau cu"),
    Category("mushrooms", _l("Mushrooms"), "", "nam"),
    Category("honey", _l("Honey and bee products"), "", "mat ong"),
    Category("spices", _l("Spices and condiments"), "", "gia vi"),
    Category("seafood", _l("Fish and seafood"), "", "thuy san hai san ca tom"),
    Category("meat_eggs", _l("Meat and eggs"), "", "thit trung"),
    Category("processed", _l("Processed food"), "", "thuc pham che bien"),
    Category("drinks", _l("Drinks"), "", "do uong nuoc"),
    Category("medicinal", _l("Medicinal herbs"), "", "duoc lieu"),
    Category("essential_oils", _l("Essential oils"), "", "tinh dau"),
    Category("handicrafts", _l("Handicrafts"), "", "thu cong my nghe"),
)

LEAVES = (
    Category("grains_nuts.peanuts", _l("Peanuts"), "grains_nuts", "lac dau phong"),
    Category("grains_nuts.cashews", _l("Cashew nuts"), "grains_nuts", "hat dieu"),
    Category("grains_nuts.macadamia", _l("Macadamia nuts"), "grains_nuts", "mac ca"),
    Category("grains_nuts.beans", _l("Beans and pulses"), "grains_nuts", "dau do dau xanh"),
    Category("grains_nuts.other", _l("Other grains and nuts"), "grains_nuts"),
    Category("rice.white", _l("White rice"), "rice", "gao trang st25"),
    Category("rice.sticky", _l("Sticky rice"), "rice", "gao nep"),
    Category("rice.brown", _l("Brown and specialty rice"), "rice", "gao lut"),
    Category("coffee_tea.coffee", _l("Coffee"), "coffee_tea", "ca phe"),
    Category("coffee_tea.tea", _l("Tea"), "coffee_tea", "che tra shan tuyet"),
    Category("fruit.fresh", _l("Fresh fruit"), "fruit", "trai cay tuoi cam buoi"),
    Category("fruit.dried", _l("Dried fruit"), "fruit", "trai cay say"),
    Category("vegetables.fresh", _l("Fresh vegetables"), "vegetables", "rau tuoi"),
    Category("vegetables.tubers", _l("Tubers and roots"), "vegetables", "cu khoai san"),
    Category("mushrooms.all", _l("Mushrooms"), "mushrooms", "nam huong moc nhi"),
    Category("honey.honey", _l("Honey"), "honey", "mat ong"),
    Category("spices.pepper", _l("Pepper"), "spices", "ho tieu"),
    Category("spices.other", _l("Other spices"), "spices", "que hoi gung nghe"),
    Category("seafood.dried", _l("Dried fish and seafood"), "seafood", "kho ca muc"),
    Category("seafood.fresh", _l("Fresh fish and seafood"), "seafood", "ca tom tuoi"),
    Category("seafood.sauce", _l("Fish sauce"), "seafood", "nuoc mam"),
    Category("meat_eggs.meat", _l("Meat"), "meat_eggs", "thit"),
    Category("meat_eggs.eggs", _l("Eggs"), "meat_eggs", "trung"),
    Category("processed.noodles", _l("Noodles and rice paper"), "processed", "mien bun banh da"),
    Category("processed.oils", _l("Cooking oils"), "processed", "dau an dau lac"),
    Category("processed.snacks", _l("Snacks and sweets"), "processed", "banh keo"),
    Category("processed.other", _l("Other processed food"), "processed"),
    Category("drinks.juice", _l("Juices"), "drinks", "nuoc ep"),
    Category("drinks.wine", _l("Wine and spirits"), "drinks", "ruou"),
    Category("medicinal.herbs", _l("Medicinal herbs"), "medicinal", "duoc lieu sam"),
    Category("essential_oils.all", _l("Essential oils"), "essential_oils", "tinh dau sa chanh"),
    Category("handicrafts.weaving", _l("Weaving and textiles"), "handicrafts", "det tho cam"),
    Category("handicrafts.bamboo", _l("Bamboo and rattan"), "handicrafts", "may tre dan"),
    Category("handicrafts.other", _l("Other handicrafts"), "handicrafts"),
)

_BY_CODE = {c.code: c for c in GROUPS + LEAVES}


def get(code: str | None) -> Category | None:
    return _BY_CODE.get(code or "")


def group_of(leaf: Category) -> Category:
    """The group a leaf category belongs to (every leaf has one)."""
    group = get(leaf.group)
    if group is None:
        raise LookupError(f"category {leaf.code} names no known group {leaf.group}")
    return group


def is_leaf(code: str | None) -> bool:
    category = get(code)
    return category is not None and category.group != ""


def label(code: str | None) -> str:
    """ "Cà phê", or "Cà phê và chè › Cà phê" with ``full=True`` via :func:`path_label`."""
    category = get(code)
    return str(category.label) if category else ""


def path_label(code: str | None) -> str:
    category = get(code)
    if category is None:
        return ""
    group = get(category.group)
    return f"{group.label} › {category.label}" if group else str(category.label)


def grouped_choices() -> list[tuple[str, list[tuple[str, str]]]]:
    """(group label, [(leaf code, leaf label)]) for a select with optgroups."""
    return [
        (
            str(group.label),
            [(leaf.code, str(leaf.label)) for leaf in LEAVES if leaf.group == group.code],
        )
        for group in GROUPS
    ]
