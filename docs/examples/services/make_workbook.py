"""Writes services.xlsx, the small invented workbook that the worked example
of a shared service over the Services sheet in docs/methodology.md runs on.
Run from this folder:

    python3 make_workbook.py

Needs openpyxl. Every figure is invented and chosen to keep the arithmetic
easy to follow by hand; "Exampleshire", "Neighbourton" and "Thirdford" are
not real councils.
"""

import openpyxl

wb = openpyxl.Workbook()
meta = wb.active
meta.title = "Meta"
for row in [("key", "value"), ("authority", "Exampleshire"),
            ("price_base", "2012/13"), ("units", "GBP")]:
    meta.append(row)

services = wb.create_sheet("Services")
services.append(["authority", "service", "category", "amount", "fte"])
for authority, service, category, amount, fte in [
    ("Exampleshire", "Parking", "Management", 90000, 2),
    ("Exampleshire", "Parking", "Enforcement officers", 300000, 12),
    ("Exampleshire", "Parking", "Back office", 60000, 3),
    ("Exampleshire", "Parking", "Income", 500000, None),
    ("Neighbourton", "Parking", "Management", 60000, 1.5),
    ("Neighbourton", "Parking", "Enforcement officers", 200000, 8),
    ("Neighbourton", "Parking", "Back office", 40000, 2),
    ("Neighbourton", "Parking", "Income", 300000, None),
    ("Thirdford", "Parking", "Management", 50000, 1),
    ("Thirdford", "Parking", "Enforcement officers", 150000, 6),
    ("Thirdford", "Parking", "Back office", 20000, 1),
    ("Thirdford", "Parking", "Income", 200000, None),
    # Another service: not read by a model whose service is Parking.
    ("Exampleshire", "Regulatory Services", "Management", 70000, 1),
    ("Neighbourton", "Regulatory Services", "Management", 55000, 1),
]:
    services.append([authority, service, category, amount, fte])

# A fixed creation date keeps the file's bytes the same on every run.
import datetime
wb.properties.created = datetime.datetime(2013, 4, 1)
wb.properties.modified = datetime.datetime(2013, 4, 1)
wb.save("services.xlsx")
