"""The GS1 terms a linkset may use: link types of the GS1 Web Vocabulary, and its JSON-LD context.

GS1's resolver test suite (gs1/GS1DL-resolver-testsuite) warns about any ``gs1:`` link type
that is not in the ratified list it downloads from https://ref.gs1.org/voc/data/linktypes, and
a GS1-Conformant resolver SHOULD give link types as URIs of the GS1 Web Vocabulary. Only these
names are used as link relations in our linksets (tests check it).
"""

# The vocabulary's namespace (https://ref.gs1.org/voc/, prefix gs1:). The older
# https://gs1.org/voc/ and https://www.gs1.org/voc/ are declared equivalent; the suite folds all
# three into ``gs1:``, and a client's ``?linkType=`` may use any of them.
GS1_VOC = "https://ref.gs1.org/voc/"
VOC_PREFIXES = (
    "gs1:",
    GS1_VOC,
    "https://gs1.org/voc/",
    "https://www.gs1.org/voc/",
    "http://gs1.org/voc/",
    "http://ref.gs1.org/voc/",
)

# A JSON-LD context that turns a linkset's JSON into JSON-LD, offered in a Link header with this
# rel when a linkset is returned (GS1-Conformant Resolver 1.2.0, "Artefacts": the immutable
# 1.2.0 file, unchanged since 1.0.0; https://ref.gs1.org/standards/resolver/artefacts).
LINKSET_CONTEXT = "https://ref.gs1.org/standards/resolver/1.2.0/linkset-context"
JSON_LD_CONTEXT_REL = "http://www.w3.org/ns/json-ld#context"

# The ratified link types of the GS1 Web Vocabulary, as listed in gs1/WebVoc
# currentLinkTypes.json (the list behind https://ref.gs1.org/voc/data/linktypes; checked
# 2026-12 against https://ref.gs1.org/voc/, version 1.19). The deprecated
# productSustainabilityInfo is left out on purpose.
LINK_TYPES = frozenset(
    {
        "activityIdeas",
        "allergenInfo",
        "appDownload",
        "brandHomepageClinical",
        "brandHomepagePatient",
        "careersInfo",
        "certificationInfo",
        "consumerHandlingStorageInfo",
        "defaultLink",
        "defaultLinkMulti",
        "epcis",
        "epil",
        "eventsInfo",
        "faqs",
        "handledBy",
        "hasRetailers",
        "homepage",
        "ingredientsInfo",
        "instructions",
        "jws",
        "leaveReview",
        "locationInfo",
        "logisticsInfo",
        "loyaltyProgram",
        "masterData",
        "menuInfo",
        "nutritionalInfo",
        "openingHoursInfo",
        "paymentLink",
        "pip",
        "promotion",
        "purchaseSuppliesOrAccessories",
        "quickStartGuide",
        "recallStatus",
        "recipeInfo",
        "registerProduct",
        "registryEntry",
        "relatedImage",
        "relatedVideo",
        "review",
        "safetyInfo",
        "scheduleTime",
        "serviceInfo",
        "smartLabel",
        "smpc",
        "socialMedia",
        "statisticInfo",
        "subscribe",
        "support",
        "sustainabilityInfo",
        "traceability",
        "tutorial",
        "userAgreement",
        "verificationService",
        "whatsInTheBox",
    }
)


def link_type_name(link_type: str) -> str:
    """``gs1:pip``, ``https://ref.gs1.org/voc/pip`` or ``https://gs1.org/voc/pip`` -> ``pip``;
    anything else is returned as given (stripped), and matches no link of ours."""
    name = link_type.strip()
    for prefix in VOC_PREFIXES:
        if name.startswith(prefix):
            return name[len(prefix) :]
    return name
