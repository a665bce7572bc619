"""The domain's tables, one module per aggregate."""

from .activity import Activity
from .certificate import Certificate, CertificateKind
from .cooperative import Cooperative, CooperativeKind, CooperativeStatus
from .cooperative_change import ChangeKind, CooperativeChange
from .invitation import Invitation, InvitationState, Purpose
from .job import Job, JobStatus
from .label import LabelKind, LabelRun, LinkForm, RunStatus
from .listing import Export, Listing, ListingStatus, PushOutcome, export_items
from .marketplace_template import CategoryMapping, MarketplaceTemplate
from .offline import OfflineRecord
from .onboarding import (
    Marketplace,
    OnboardingStep,
    Step,
    StepStatus,
    SupportVisit,
    VisitKind,
    visit_cooperatives,
)
from .product import (
    Product,
    ProductImage,
    ProductStatus,
    ProductVariant,
    StandardKind,
    product_certificates,
)
from .product_import import ProductImport
from .trace import (
    Batch,
    BatchStatus,
    EventKind,
    Plot,
    PlotKind,
    Scan,
    TraceEvent,
    batch_inputs,
)
from .user import OfficerArea, Role, User

__all__ = [
    "Activity",
    "Batch",
    "BatchStatus",
    "EventKind",
    "Plot",
    "PlotKind",
    "Scan",
    "TraceEvent",
    "batch_inputs",
    "Certificate",
    "CategoryMapping",
    "ChangeKind",
    "CertificateKind",
    "Cooperative",
    "CooperativeChange",
    "CooperativeKind",
    "CooperativeStatus",
    "Export",
    "export_items",
    "Invitation",
    "InvitationState",
    "Job",
    "JobStatus",
    "LabelKind",
    "LabelRun",
    "LinkForm",
    "Listing",
    "ListingStatus",
    "Marketplace",
    "MarketplaceTemplate",
    "OfficerArea",
    "OfflineRecord",
    "OnboardingStep",
    "Product",
    "ProductImage",
    "ProductImport",
    "ProductStatus",
    "ProductVariant",
    "Purpose",
    "PushOutcome",
    "Role",
    "RunStatus",
    "StandardKind",
    "Step",
    "StepStatus",
    "SupportVisit",
    "User",
    "VisitKind",
    "product_certificates",
    "visit_cooperatives",
]
