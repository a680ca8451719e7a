"""A batch builds each subject model's address once, not with a reverse() per reminder."""

from reminders.delivery import Links


class ByKey:
    """A model whose address is its primary key, counting how often it is built."""

    built = 0

    def __init__(self, pk):
        self.pk = pk

    def get_absolute_url(self):
        ByKey.built += 1
        return f"/things/{self.pk}/edit/"


class BySlug:
    """A model whose address is not its key: each subject's own."""

    def __init__(self, pk, slug="first"):
        self.pk, self.slug = pk, slug

    def get_absolute_url(self):
        return f"/pages/{self.slug}/"


class NeedsParent:
    """A model whose address needs more than the key, which a stand-in lacks."""

    def __init__(self, pk, parent=None):
        self.pk, self.parent = pk, parent

    def get_absolute_url(self):
        return f"/parents/{self.parent.pk}/children/{self.pk}/"


def test_a_models_address_is_built_once_and_each_subject_gets_its_own():
    ByKey.built = 0
    links = Links()
    subjects = [ByKey(pk) for pk in (1, 12, 123, 9)]
    assert [links.url(subject) for subject in subjects] == [
        "/things/1/edit/",
        "/things/12/edit/",
        "/things/123/edit/",
        "/things/9/edit/",
    ]
    assert ByKey.built == 2  # the stand-in, and the first subject's check


def test_a_model_whose_address_is_not_its_key_builds_each_its_own():
    links = Links()
    assert links.url(BySlug(1, "first")) == "/pages/first/"
    assert links.url(BySlug(2, "second")) == "/pages/second/"
    parent = BySlug(5)
    assert links.url(NeedsParent(3, parent)) == "/parents/5/children/3/"
    assert links.url(NeedsParent(4, parent)) == "/parents/5/children/4/"


def test_the_tracker_s_own_subjects_read_as_their_pages(owner, make_invitation):
    first, second = make_invitation(), make_invitation(job_title="Another")
    links = Links()
    assert links.url(first) == first.get_absolute_url()
    assert links.url(second) == f"/invitations/{second.pk}/"
