-- CreateTable
CREATE TABLE "console_inbox_message" (
    "id" TEXT NOT NULL,
    "personId" TEXT NOT NULL,
    "job" TEXT NOT NULL,
    "recipient" TEXT NOT NULL,
    "period" TEXT NOT NULL,
    "text" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "readAt" TIMESTAMP(3),

    CONSTRAINT "console_inbox_message_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "organisation_file_import" (
    "lpoId" TEXT NOT NULL,
    "file" TEXT NOT NULL,
    "text" TEXT NOT NULL,
    "importedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "organisation_file_import_pkey" PRIMARY KEY ("lpoId")
);

-- CreateIndex
CREATE INDEX "console_inbox_message_personId_createdAt_idx" ON "console_inbox_message"("personId", "createdAt");

-- CreateIndex
CREATE UNIQUE INDEX "console_inbox_message_personId_job_recipient_period_key" ON "console_inbox_message"("personId", "job", "recipient", "period");

