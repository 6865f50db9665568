// The agreement "New agreement…" starts from: every section of formats.md filled with plain,
// valid values, so both the form and the TOML view open on something the engine accepts.
export const NEW_AGREEMENT = `id = "NEW-AGREEMENT"
title = "New Customer Service Agreement"
provider = "APC Telecom, Inc."
alliance = "Canadian Telecom Resellers Alliance"
region = "West Virginia"
tier = "basic"
effective_from = 2026-01-01
effective_to = 2026-12-31
scope = ["troubleshooting", "technical_support", "billing_inquiry", "service_activation"]
monthly_fee = "5000.00"
currency = "USD"

[calendar]
time_zone = "America/New_York"
mon = ["08:00-17:00"]
tue = ["08:00-17:00"]
wed = ["08:00-17:00"]
thu = ["08:00-17:00"]
fri = ["08:00-17:00"]
sat = []
sun = []
holidays = []

[targets.p1]
first_response = "1h"
resolution = "8h"
clock = "24x7"
[targets.p2]
first_response = "2h"
resolution = "16h"
[targets.p3]
first_response = "8h"
resolution = "3d"
[targets.p4]
first_response = "1d"
resolution = "5d"

[[channels]]
kind = "email"
hours = "24x7"
after_hours = "Answered next business day"

[responsibilities]
items = ["Provide accurate account and contact information"]

[[escalation]]
level = 1
name = "Support supervisor"
clock = "resolution"
at = 1.0
contact = "supervisor@provider.example"

[reporting]
period = "month"
compliance_target = 0.9

[credits]
per_breach = {}
bands = []
cap_percent = 10
`;
