-- Document Manager folders and documents, generated PDFs, and batch processes.

CREATE TABLE folders (
    id          uuid PRIMARY KEY,
    name        text NOT NULL,
    created_at  timestamptz NOT NULL DEFAULT now()
);

-- A document is a template (subject and body with merge tokens) with an
-- optional attachment file.
CREATE TABLE documents (
    id              uuid PRIMARY KEY,
    folder_id       uuid NOT NULL REFERENCES folders(id) ON DELETE CASCADE,
    name            text NOT NULL,
    subject         text NOT NULL DEFAULT '',
    body            text NOT NULL DEFAULT '',
    attachment_name text NOT NULL DEFAULT '',
    attachment_type text NOT NULL DEFAULT '',
    attachment      bytea,
    due_date        date,
    created_at      timestamptz NOT NULL DEFAULT now(),
    updated_at      timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX documents_folder_idx ON documents (folder_id, name);

-- PDFs produced by print actions and batch print, one per recipient, keyed.
CREATE TABLE generated_documents (
    id           uuid PRIMARY KEY,
    idem_key     text NOT NULL UNIQUE,
    document_id  uuid REFERENCES documents(id) ON DELETE SET NULL,
    contact_id   uuid REFERENCES contacts(id) ON DELETE CASCADE,
    lead_id      bigint,
    campaign_id  uuid REFERENCES campaigns(id) ON DELETE SET NULL,
    batch_id     uuid,
    file_name    text NOT NULL,
    pdf          bytea NOT NULL,
    created_at   timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX generated_documents_contact_idx ON generated_documents (contact_id);
CREATE INDEX generated_documents_batch_idx ON generated_documents (batch_id);

-- A batch process: one long or bulk operation over a list of items, run by
-- BatchWorkflow (batch/{id}) page by page.
CREATE TABLE batch_processes (
    id          uuid PRIMARY KEY,
    type        text NOT NULL,
    status      text NOT NULL DEFAULT 'pending'
                CHECK (status IN ('pending', 'running', 'completed', 'failed')),
    params      jsonb NOT NULL DEFAULT '{}',
    total       integer NOT NULL DEFAULT 0,
    succeeded   integer NOT NULL DEFAULT 0,
    failed      integer NOT NULL DEFAULT 0,
    skipped     integer NOT NULL DEFAULT 0,
    error       text NOT NULL DEFAULT '',
    created_by  uuid REFERENCES users(id) ON DELETE SET NULL,
    created_at  timestamptz NOT NULL DEFAULT now(),
    started_at  timestamptz,
    finished_at timestamptz
);
CREATE INDEX batch_processes_type_idx ON batch_processes (type, created_at DESC, id);

CREATE TABLE batch_items (
    batch_id   uuid NOT NULL REFERENCES batch_processes(id) ON DELETE CASCADE,
    seq        integer NOT NULL,
    item_id    text NOT NULL,
    status     text NOT NULL DEFAULT 'pending'
               CHECK (status IN ('pending', 'succeeded', 'failed', 'skipped')),
    message    text NOT NULL DEFAULT '',
    result     jsonb NOT NULL DEFAULT '{}',
    updated_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (batch_id, seq)
);
