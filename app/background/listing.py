"""The jobs a person may see, newest first, for the list at ``/jobs/``: a member, the jobs of
their cooperative and their own; an officer, the jobs of the cooperatives in their area and
their own; an administrator, all. The same rule as a job's page (``job_or_403``), as SQL."""

from sqlalchemy import Select, or_, select

from ..access import in_officer_area
from ..models import Cooperative, Job, JobStatus, Role, User

# The list's filter: what each choice in ?status= shows.
STATUSES = {
    "running": (JobStatus.QUEUED, JobStatus.RUNNING),
    "failed": (JobStatus.FAILED,),
    "done": (JobStatus.DONE,),
}


def visible_jobs(user: User, status: str | None = None) -> Select:
    """A select() of the jobs ``user`` may see (``status``: a key of :data:`STATUSES`)."""
    stmt = select(Job).order_by(Job.created_at.desc(), Job.id.desc())
    # A job for no one cooperative (a pack of several) is its asker's (and the admins').
    asked = Job.cooperative_id.is_(None) & (Job.user_id == user.id)
    if user.role == Role.MEMBER:
        stmt = stmt.where(or_(Job.cooperative_id == user.cooperative_id, asked))
    elif user.role != Role.ADMIN:
        in_area = (
            select(Cooperative.id)
            .where(Cooperative.id == Job.cooperative_id)
            .where(in_officer_area(user, Cooperative.province_code, Cooperative.commune_code))
            .exists()
        )
        stmt = stmt.where(or_(in_area, asked))
    if status in STATUSES:
        stmt = stmt.where(Job.status.in_(STATUSES[status]))
    return stmt
