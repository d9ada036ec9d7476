-- CreateTable
CREATE TABLE "console_inbox_message" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "personId" TEXT NOT NULL,
    "job" TEXT NOT NULL,
    "recipient" TEXT NOT NULL,
    "period" TEXT NOT NULL,
    "text" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "readAt" DATETIME
);

-- CreateTable
CREATE TABLE "organisation_file_import" (
    "lpoId" TEXT NOT NULL PRIMARY KEY,
    "file" TEXT NOT NULL,
    "text" TEXT NOT NULL,
    "importedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- CreateIndex
CREATE INDEX "console_inbox_message_personId_createdAt_idx" ON "console_inbox_message"("personId", "createdAt");

-- CreateIndex
CREATE UNIQUE INDEX "console_inbox_message_personId_job_recipient_period_key" ON "console_inbox_message"("personId", "job", "recipient", "period");

