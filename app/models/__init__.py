"""The domain's tables, one module per aggregate."""

from .certificate import Certificate, CertificateKind
from .cooperative import Cooperative, CooperativeKind, CooperativeStatus
from .onboarding import (
    Marketplace,
    OnboardingStep,
    Step,
    StepStatus,
    SupportVisit,
    VisitKind,
    visit_cooperatives,
)
from .user import OfficerArea, Role, User

__all__ = [
    "Certificate",
    "CertificateKind",
    "Cooperative",
    "CooperativeKind",
    "CooperativeStatus",
    "Marketplace",
    "OfficerArea",
    "OnboardingStep",
    "Role",
    "Step",
    "StepStatus",
    "SupportVisit",
    "User",
    "VisitKind",
    "visit_cooperatives",
]
