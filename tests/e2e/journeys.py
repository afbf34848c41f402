"""Steps the browser journeys share."""
from tests.builders import DEFAULT_PASSWORD


def log_in(page, email: str, password: str = DEFAULT_PASSWORD) -> None:
    """Log in through the form and wait for the study list."""
    page.goto("/login")
    page.get_by_label("E-mail").fill(email)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Log in").click()
    page.get_by_role("heading", name="My studies").wait_for()


def open_study(page, world: dict) -> None:
    """From the study list, open the world's study by its title."""
    page.get_by_role("link", name=world["study"].title, exact=True).click()
    page.get_by_role("navigation", name="Study").wait_for()
