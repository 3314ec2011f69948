from django.urls import path

from .views import company, documents, members

app_name = "applications"

urlpatterns = [
    path("", company.company_home, name="company"),
    path("new/", company.company_create_view, name="company_create"),
    path("profile/", company.company_profile, name="company_profile"),
    path("profile/edit/", company.company_edit, name="company_edit"),
    path("members/", members.members, name="members"),
    path("members/invite/", members.member_invite, name="member_invite"),
    path("members/<int:pk>/remove/", members.member_remove, name="member_remove"),
    path("members/<int:pk>/role/", members.member_role, name="member_role"),
    path("invitations/<int:pk>/cancel/", members.invitation_cancel, name="invitation_cancel"),
    path("invitations/<str:token>/", members.invitation_accept, name="invitation_accept"),
    path("documents/", documents.vault_list, name="vault"),
    path("documents/upload/", documents.vault_upload, name="vault_upload"),
    path("documents/<int:pk>/replace/", documents.vault_replace, name="vault_replace"),
    path("documents/<int:pk>/download/", documents.vault_download, name="vault_download"),
]
