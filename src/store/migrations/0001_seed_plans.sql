-- The plans of the platform (null: unlimited). Later migrations change them with UPDATE.
INSERT INTO "plans" ("id", "name", "monthly_events", "max_projects", "retention_days", "price_cents") VALUES
	('free', 'Free', 10000, 1, 30, 0),
	('pro', 'Pro', 100000, NULL, 90, 4900),
	('enterprise', 'Enterprise', NULL, NULL, NULL, 0)
ON CONFLICT ("id") DO NOTHING;
