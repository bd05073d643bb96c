"""The SQL adapter: SQLModel tables, mappers, repositories, unit of work and read queries."""
