-- Conversation engine: one row per caller text the engine answered (or deliberately did not), so a text is
-- answered at most once even when its work item runs twice, and each turn records which engine answered.
CREATE TABLE conversation_turns (
    message_id       TEXT PRIMARY KEY REFERENCES messages(id),
    business_id      TEXT NOT NULL REFERENCES businesses(id),
    conversation_id  TEXT NOT NULL REFERENCES conversations(id),
    engine           TEXT NOT NULL,
    fallback_reason  TEXT NULL,
    outcome          TEXT NOT NULL DEFAULT '{}',
    reply_message_id TEXT NULL REFERENCES messages(id),
    dropped_reason   TEXT NULL,
    created_at       TEXT NOT NULL
);
CREATE INDEX ix_conversation_turns_conversation ON conversation_turns (business_id, conversation_id, created_at);

-- Problems with the AI provider the operator must see (insufficient quota, repeated failures).
CREATE TABLE ai_incidents (
    id          TEXT PRIMARY KEY,
    business_id TEXT NULL REFERENCES businesses(id),
    kind        TEXT NOT NULL,
    detail      TEXT NOT NULL,
    created_at  TEXT NOT NULL
);
CREATE INDEX ix_ai_incidents_created ON ai_incidents (created_at);
