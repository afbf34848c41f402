"""Steps the browser journeys share."""
from app.demo import DEMO_PASSWORD


def log_in(page, email: str, password: str = DEMO_PASSWORD) -> None:
    """Log in through the form and wait for the study list."""
    page.goto("/login")
    page.get_by_label("E-mail").fill(email)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Log in").click()
    page.get_by_role("heading", name="My studies").wait_for()
