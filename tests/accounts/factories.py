import factory

from portal.accounts.models import User
from portal.accounts.services import user_email_mark_verified

PASSWORD = "ahn-yeong-2027-cheon"


class UserFactory(factory.django.DjangoModelFactory):
    """A user whose email address is verified, so that it can log in."""

    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"person{n}@example.kr")
    full_name = factory.Sequence(lambda n: f"홍길동{n}")
    language = "ko"
    password = factory.django.Password(PASSWORD)

    @factory.post_generation
    def verified(self, create: bool, extracted: bool | None, **kwargs) -> None:
        if create and extracted is not False:
            user_email_mark_verified(user=self)
