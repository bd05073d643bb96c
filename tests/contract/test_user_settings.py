"""User settings on every adapter (a one-to-one row per user on SQL): defaults until saved,
saving twice replaces (an upsert), and an unknown user has none."""

from domain.users.settings import NotificationPreferences, UserSettings
from infrastructure.container import Container
from tests.contract.storage import Storage, id_of


async def test_a_user_who_saved_nothing_has_the_defaults(
    storage: Storage, container: Container
) -> None:
    jake = await storage.user("jake")

    async with container.uow() as uow:
        settings = await uow.settings.get(id_of(jake))

    assert settings == UserSettings(user_id=id_of(jake))
    assert settings.notifications == NotificationPreferences(True, True, True)


async def test_saving_again_replaces_what_was_saved(storage: Storage, container: Container) -> None:
    jake, anne = await storage.users("jake", "anne")
    first = UserSettings(id_of(jake), NotificationPreferences(comment=False), "en")
    second = first.changed(follow=False, default_language=None)

    for settings in (first, second, UserSettings(id_of(anne), default_language="fr")):
        async with container.uow() as uow:
            await uow.settings.save(settings)
            await uow.commit()

    async with container.uow() as uow:
        assert await uow.settings.get(id_of(jake)) == UserSettings(
            id_of(jake), NotificationPreferences(follow=False, comment=False), None
        )
        assert await uow.settings.get(id_of(anne)) == UserSettings(
            id_of(anne), default_language="fr"
        )


async def test_an_unknown_user_has_no_settings(container: Container) -> None:
    async with container.uow() as uow:
        assert await uow.settings.get(999_999) is None
