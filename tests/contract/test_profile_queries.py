"""ProfileQueries.get_profile: a profile by exact username, ``following`` as the viewer sees it."""

from domain.users.values import Username
from infrastructure.container import Container
from tests.contract.storage import Storage, id_of


async def test_a_profile_shows_username_bio_and_image(
    container: Container, storage: Storage
) -> None:
    jake = await storage.user("jake")
    await storage.edit_user(
        jake, username=Username("jacob"), bio="Hi", image="https://example.com/j.png"
    )

    profile = await container.profile_queries().get_profile("jacob", viewer_id=None)

    assert profile is not None
    assert (profile.username, profile.bio, profile.image) == (
        "jacob",
        "Hi",
        "https://example.com/j.png",
    )


async def test_following_is_true_only_for_a_viewer_who_follows(
    container: Container, storage: Storage
) -> None:
    jake, fan, stranger = await storage.users("jake", "fan", "stranger")
    await storage.follow(fan, jake)
    profiles = container.profile_queries()

    seen = {
        viewer: await profiles.get_profile("jake", viewer_id=viewer_id)
        for viewer, viewer_id in [
            ("fan", id_of(fan)),
            ("stranger", id_of(stranger)),
            ("self", id_of(jake)),
            ("anonymous", None),
        ]
    }

    assert {viewer: p.following if p else None for viewer, p in seen.items()} == {
        "fan": True,
        "stranger": False,
        "self": False,
        "anonymous": False,
    }


async def test_an_unknown_username_has_no_profile(container: Container, storage: Storage) -> None:
    await storage.user("jake")
    profiles = container.profile_queries()

    assert await profiles.get_profile("nobody", viewer_id=None) is None
    assert await profiles.get_profile("Jake", viewer_id=None) is None
