-- Printing follows the document: folders carry a page size and an optional
-- logo, a document may override the page size, every generated file says
-- what it is (PDF or DOCX), a batch keeps its combined print job, and the
-- filled copy of a Word attachment is kept per outgoing email, so a retried
-- send attaches the very same file.
ALTER TABLE folders
    ADD COLUMN page_size text NOT NULL DEFAULT 'A4' CHECK (page_size IN ('A4', 'Letter')),
    ADD COLUMN logo_name text NOT NULL DEFAULT '',
    ADD COLUMN logo_type text NOT NULL DEFAULT '',
    ADD COLUMN logo      bytea;

-- '' prints on the folder's page size.
ALTER TABLE documents ADD COLUMN page_size text NOT NULL DEFAULT '' CHECK (page_size IN ('', 'A4', 'Letter'));

-- The column pdf holds the file's bytes whatever its type (it was named when
-- every generated file was a PDF).
ALTER TABLE generated_documents ADD COLUMN content_type text NOT NULL DEFAULT 'application/pdf';

-- One combined print job per batch: every letter, in item order. files is
-- how many letters it holds, so a batch that gained letters since (a
-- restarted campaign) builds it again.
CREATE TABLE batch_outputs (
    batch_id     uuid PRIMARY KEY REFERENCES batch_processes(id) ON DELETE CASCADE,
    files        integer NOT NULL,
    file_name    text NOT NULL,
    content_type text NOT NULL,
    content      bytea NOT NULL,
    created_at   timestamptz NOT NULL DEFAULT now()
);

-- A Word attachment filled for one outgoing email, kept under the email's
-- key: the first fill is the one every retry sends.
CREATE TABLE outbox_files (
    idem_key     text NOT NULL REFERENCES outbox(idem_key) ON DELETE CASCADE,
    document_id  uuid NOT NULL,
    content      bytea NOT NULL,
    created_at   timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (idem_key, document_id)
);
