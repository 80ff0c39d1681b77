"""Writes example.xlsx, the small invented baseline workbook that the worked
examples of docs/methodology.md run on. Run from this folder:

    python3 make_workbook.py

Needs openpyxl. Every figure is invented and chosen to keep the arithmetic
easy to follow by hand; "Exampleshire" and "Neighbourton" are not real
councils.
"""

import openpyxl

wb = openpyxl.Workbook()
meta = wb.active
meta.title = "Meta"
for row in [("key", "value"), ("authority", "Exampleshire"),
            ("price_base", "2012/13"), ("units", "GBP")]:
    meta.append(row)

sites = wb.create_sheet("Sites")
sites.append(["site_id", "site", "listed", "floor_area_m2", "business_rates",
              "energy", "water", "cleaning", "security",
              "repairs_maintenance", "insurance", "facilities_management",
              "other"])
sites.append(["ANX", "Annexe", "no", 800, 24000, 12000, None, 3600, 6000,
              4800, None, None, None])
sites.append(["OLB", "Old Library", "yes", 500, 12000, 6000, None, None,
              None, None, None, None, None])

libraries = wb.create_sheet("Libraries")
libraries.append(["authority", "library", "category", "amount", "fte"])
for authority, costs in [
    ("Exampleshire", [("management", 120000), ("frontline_staff", 240000),
                      ("premises", 60000), ("business_rates", 36000),
                      ("stock", 24000), ("ict", 12000),
                      ("support_services", 48000), ("income", 30000)]),
    ("Neighbourton", [("management", 80000), ("frontline_staff", 150000),
                      ("premises", 40000), ("business_rates", 20000),
                      ("stock", 16000), ("ict", 8000),
                      ("support_services", 30000), ("income", 10000)]),
]:
    for category, amount in costs:
        libraries.append([authority, "Central", category, amount, None])

placements = wb.create_sheet("Placements")
placements.append(["placement_id", "need", "ncy", "provider_type",
                   "annual_fee", "annual_transport"])
for row in [
    ("P1", "ASD", 7, "independent", 50000, 5000),
    ("P2", "ASD", 8, "independent", 55000, 5000),
    ("P3", "ASD", 10, "independent", 60000, 5000),
    ("P4", "ASD", 11, "independent", 65000, 5000),
    # Not eligible for the example unit: another need, a year group
    # outside 7 to 11, a maintained school.
    ("P5", "MLD", 9, "independent", 40000, 4000),
    ("P6", "ASD", 5, "independent", 45000, 4000),
    ("P7", "ASD", 9, "maintained_special", 20000, 3000),
]:
    placements.append(list(row))

transactions = wb.create_sheet("Transactions")
transactions.append(["service", "channel", "annual_volume", "unit_cost"])
for row in [
    ("Council tax", "face_to_face", 12000, 8.00),
    # No local figure: the unit-cost library's is used.
    ("Council tax", "telephone", 24000, None),
    ("Council tax", "online", 6000, 0.50),
]:
    transactions.append(list(row))

wb.save("example.xlsx")
