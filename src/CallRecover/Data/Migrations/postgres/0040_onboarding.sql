-- Self sign-up and the onboarding wizard (issue 20).
--
-- A business that signed itself up has no carrier number until its owner buys one in the wizard: carrier_number
-- becomes nullable (NULL = "no number yet", never a placeholder that could look like a number). Webhooks find a
-- business by the number called (carrier_number = @number), which never matches NULL, so such a business receives
-- no calls or texts and nothing is texted from it. UNIQUE allows many NULLs.
ALTER TABLE businesses ALTER COLUMN carrier_number DROP NOT NULL;

-- Whether anyone may sign up or only people with an operator's invite: one row, changed by an operator.
CREATE TABLE signup_settings (
    id         INTEGER NOT NULL PRIMARY KEY CHECK (id = 1),
    mode       TEXT NOT NULL CHECK (mode IN ('open','invite_only')),
    updated_by TEXT NOT NULL,
    updated_at TIMESTAMPTZ NOT NULL
);

-- Single-use invite links an operator made; only the token's SHA-256 is kept.
CREATE TABLE signup_invites (
    id                  TEXT NOT NULL PRIMARY KEY,
    token_hash          TEXT NOT NULL UNIQUE,
    note                TEXT NULL,
    created_by          TEXT NOT NULL,
    created_at          TIMESTAMPTZ NOT NULL,
    expires_at          TIMESTAMPTZ NOT NULL,
    used_at             TIMESTAMPTZ NULL,
    used_by_business_id TEXT NULL REFERENCES businesses(id)
);

-- The onboarding wizard's progress per business: the step the owner is on (resumable) and when it was finished.
CREATE TABLE onboarding (
    business_id  TEXT NOT NULL PRIMARY KEY REFERENCES businesses(id),
    step         TEXT NOT NULL,
    completed_at TIMESTAMPTZ NULL,
    updated_at   TIMESTAMPTZ NOT NULL
);
