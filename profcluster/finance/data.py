"""Spending categories loaded by a migration; administrators edit them afterwards."""

CATEGORIES = [
    ("equipment", "Оборудование"),
    ("software", "Программное обеспечение"),
    ("sites", "Ремонт и зонирование учебно-производственных площадок"),
    ("programmes", "Разработка образовательных программ"),
    ("teacher-development", "Повышение квалификации педагогических работников"),
    ("mentors", "Привлечение наставников с производства"),
    ("career-guidance", "Профориентация и брендирование"),
    ("other", "Прочее"),
]
