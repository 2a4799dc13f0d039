"""Admin user use cases."""

from sqlalchemy.ext.asyncio import AsyncSession

from restock.auth.passwords import MIN_PASSWORD_LENGTH
from restock.auth.service import auth_service
from restock.errors import Duplicate, InvalidData
from restock.events import Changed, EventName, record
from restock.kit.emails import normalize_email
from restock.kit.ids import new_id
from restock.models import User
from restock.users import repository


class UserService:
    async def create(
        self, session: AsyncSession, email: str, password: str, *, exist_ok: bool = False
    ) -> tuple[User, bool]:
        """The user with this email and whether it was created now."""
        try:
            email = normalize_email(email).lower()
        except ValueError as error:
            raise InvalidData(str(error)) from None
        if len(password) < MIN_PASSWORD_LENGTH:
            raise InvalidData(f"Password must be at least {MIN_PASSWORD_LENGTH} characters")
        existing = await repository.by_email(session, email)
        if existing is not None:
            if exist_ok:
                return existing, False
            raise Duplicate(f"User with email: {email}, already exists.")
        user = User(id=new_id("user"), email=email)
        session.add(user)
        await session.flush()
        identity = await auth_service.set_password(session, email, password)
        identity.user_id = user.id
        await session.flush()
        record(session, EventName.USER_CREATED, Changed(user.id))
        return user, True


user_service = UserService()
