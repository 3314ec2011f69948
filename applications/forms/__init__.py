from .application import ApplicationFileForm, ApplicationForm
from .company import CompanyCreateForm, CompanyProfileForm
from .documents import VaultReplaceForm, VaultUploadForm
from .members import InvitationForm, MemberRoleForm

__all__ = [
    "ApplicationFileForm",
    "ApplicationForm",
    "CompanyCreateForm",
    "CompanyProfileForm",
    "InvitationForm",
    "MemberRoleForm",
    "VaultReplaceForm",
    "VaultUploadForm",
]
