-- CreateSchema
CREATE SCHEMA IF NOT EXISTS "public";

-- CreateTable
CREATE TABLE "lpo" (
    "id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "weeklyStatusCron" TEXT,
    "digestCron" TEXT,
    "showNamesInDigest" BOOLEAN NOT NULL DEFAULT false,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "lpo_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "kommun" (
    "id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "lpoId" TEXT NOT NULL,

    CONSTRAINT "kommun_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "org_group" (
    "id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "lpoId" TEXT NOT NULL,
    "leadId" TEXT,
    "remindersEnabled" BOOLEAN NOT NULL DEFAULT false,

    CONSTRAINT "org_group_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "channel_binding" (
    "id" TEXT NOT NULL,
    "platform" TEXT NOT NULL,
    "channelId" TEXT NOT NULL,
    "groupId" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "channel_binding_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "conversation_ref" (
    "id" TEXT NOT NULL,
    "platform" TEXT NOT NULL,
    "conversationId" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "tenantId" TEXT,
    "serviceUrl" TEXT,
    "reference" TEXT NOT NULL,
    "personId" TEXT,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "conversation_ref_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "person" (
    "id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "lpoId" TEXT NOT NULL,
    "lang" TEXT,
    "slackUserId" TEXT,
    "teamsAadId" TEXT,
    "forgottenAt" TIMESTAMP(3),

    CONSTRAINT "person_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "person_role" (
    "personId" TEXT NOT NULL,
    "role" TEXT NOT NULL,

    CONSTRAINT "person_role_pkey" PRIMARY KEY ("personId","role")
);

-- CreateTable
CREATE TABLE "group_member" (
    "personId" TEXT NOT NULL,
    "groupId" TEXT NOT NULL,

    CONSTRAINT "group_member_pkey" PRIMARY KEY ("personId","groupId")
);

-- CreateTable
CREATE TABLE "citizen_promise" (
    "id" TEXT NOT NULL,
    "kommunId" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "fromDay" TEXT NOT NULL,
    "toDay" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "citizen_promise_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "promise_activity" (
    "id" TEXT NOT NULL,
    "promiseId" TEXT NOT NULL,
    "code" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "aliases" TEXT NOT NULL DEFAULT '',
    "unit" TEXT NOT NULL,
    "position" INTEGER NOT NULL DEFAULT 0,
    "baselineAmount" DOUBLE PRECISION,
    "active" BOOLEAN NOT NULL DEFAULT true,

    CONSTRAINT "promise_activity_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "activity_target" (
    "id" TEXT NOT NULL,
    "activityId" TEXT NOT NULL,
    "amount" DOUBLE PRECISION NOT NULL,
    "unit" TEXT NOT NULL,
    "per" TEXT NOT NULL,
    "validFrom" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "activity_target_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "activity_group" (
    "activityId" TEXT NOT NULL,
    "groupId" TEXT NOT NULL,

    CONSTRAINT "activity_group_pkey" PRIMARY KEY ("activityId","groupId")
);

-- CreateTable
CREATE TABLE "activity_entry" (
    "id" TEXT NOT NULL,
    "batchId" TEXT NOT NULL,
    "activityId" TEXT NOT NULL,
    "personId" TEXT NOT NULL,
    "loggedById" TEXT NOT NULL,
    "groupId" TEXT,
    "primary" BOOLEAN NOT NULL DEFAULT true,
    "day" TEXT NOT NULL,
    "minutes" INTEGER,
    "count" INTEGER,
    "note" TEXT NOT NULL DEFAULT '',
    "source" TEXT NOT NULL DEFAULT 'console',
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "undoneAt" TIMESTAMP(3),

    CONSTRAINT "activity_entry_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "processed_request" (
    "key" TEXT NOT NULL,
    "reply" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "processed_request_pkey" PRIMARY KEY ("key")
);

-- CreateTable
CREATE TABLE "dialogue_poll" (
    "id" TEXT NOT NULL,
    "lpoId" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "promiseId" TEXT,
    "kommunId" TEXT,
    "createdById" TEXT NOT NULL,
    "anonymous" BOOLEAN NOT NULL DEFAULT true,
    "whatNext" TEXT NOT NULL DEFAULT '',
    "followUp" TEXT,
    "status" TEXT NOT NULL DEFAULT 'open',
    "opensAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "closesAt" TIMESTAMP(3) NOT NULL,
    "closedAt" TIMESTAMP(3),
    "seededFrom" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "dialogue_poll_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "poll_question" (
    "id" TEXT NOT NULL,
    "pollId" TEXT NOT NULL,
    "position" INTEGER NOT NULL,
    "kind" TEXT NOT NULL,
    "text" TEXT NOT NULL,
    "options" TEXT NOT NULL DEFAULT '',

    CONSTRAINT "poll_question_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "poll_recipient" (
    "pollId" TEXT NOT NULL,
    "personId" TEXT NOT NULL,
    "groupId" TEXT NOT NULL,
    "invitedAt" TIMESTAMP(3),

    CONSTRAINT "poll_recipient_pkey" PRIMARY KEY ("pollId","personId")
);

-- CreateTable
CREATE TABLE "poll_response" (
    "id" TEXT NOT NULL,
    "pollId" TEXT NOT NULL,
    "token" TEXT NOT NULL,
    "personId" TEXT,
    "groupId" TEXT NOT NULL,
    "day" TEXT NOT NULL,

    CONSTRAINT "poll_response_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "poll_answer" (
    "id" TEXT NOT NULL,
    "responseId" TEXT NOT NULL,
    "questionId" TEXT NOT NULL,
    "value" TEXT NOT NULL,

    CONSTRAINT "poll_answer_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "delivery" (
    "id" TEXT NOT NULL,
    "job" TEXT NOT NULL,
    "recipient" TEXT NOT NULL,
    "period" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "lastError" TEXT,
    "claimedBy" TEXT,
    "claimedAt" TIMESTAMP(3),
    "sentAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "delivery_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "job_lease" (
    "name" TEXT NOT NULL,
    "holder" TEXT NOT NULL,
    "expiresAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "job_lease_pkey" PRIMARY KEY ("name")
);

-- CreateTable
CREATE TABLE "audit_event" (
    "id" TEXT NOT NULL,
    "at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "actorId" TEXT,
    "action" TEXT NOT NULL,
    "subject" TEXT NOT NULL,
    "detail" TEXT NOT NULL DEFAULT '',

    CONSTRAINT "audit_event_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "kommun_lpoId_idx" ON "kommun"("lpoId");

-- CreateIndex
CREATE INDEX "org_group_lpoId_idx" ON "org_group"("lpoId");

-- CreateIndex
CREATE UNIQUE INDEX "channel_binding_platform_channelId_key" ON "channel_binding"("platform", "channelId");

-- CreateIndex
CREATE UNIQUE INDEX "channel_binding_groupId_platform_key" ON "channel_binding"("groupId", "platform");

-- CreateIndex
CREATE INDEX "conversation_ref_personId_idx" ON "conversation_ref"("personId");

-- CreateIndex
CREATE UNIQUE INDEX "conversation_ref_platform_conversationId_key" ON "conversation_ref"("platform", "conversationId");

-- CreateIndex
CREATE UNIQUE INDEX "person_slackUserId_key" ON "person"("slackUserId");

-- CreateIndex
CREATE UNIQUE INDEX "person_teamsAadId_key" ON "person"("teamsAadId");

-- CreateIndex
CREATE INDEX "person_lpoId_idx" ON "person"("lpoId");

-- CreateIndex
CREATE INDEX "group_member_groupId_idx" ON "group_member"("groupId");

-- CreateIndex
CREATE INDEX "citizen_promise_kommunId_idx" ON "citizen_promise"("kommunId");

-- CreateIndex
CREATE UNIQUE INDEX "promise_activity_promiseId_code_key" ON "promise_activity"("promiseId", "code");

-- CreateIndex
CREATE INDEX "activity_target_activityId_validFrom_idx" ON "activity_target"("activityId", "validFrom");

-- CreateIndex
CREATE INDEX "activity_entry_activityId_day_idx" ON "activity_entry"("activityId", "day");

-- CreateIndex
CREATE INDEX "activity_entry_personId_day_idx" ON "activity_entry"("personId", "day");

-- CreateIndex
CREATE INDEX "activity_entry_loggedById_createdAt_idx" ON "activity_entry"("loggedById", "createdAt");

-- CreateIndex
CREATE INDEX "activity_entry_batchId_idx" ON "activity_entry"("batchId");

-- CreateIndex
CREATE INDEX "activity_entry_groupId_day_idx" ON "activity_entry"("groupId", "day");

-- CreateIndex
CREATE INDEX "activity_entry_activityId_day_primary_idx" ON "activity_entry"("activityId", "day", "primary");

-- CreateIndex
CREATE INDEX "processed_request_createdAt_idx" ON "processed_request"("createdAt");

-- CreateIndex
CREATE INDEX "dialogue_poll_status_closesAt_idx" ON "dialogue_poll"("status", "closesAt");

-- CreateIndex
CREATE UNIQUE INDEX "poll_question_pollId_position_key" ON "poll_question"("pollId", "position");

-- CreateIndex
CREATE INDEX "poll_response_pollId_groupId_idx" ON "poll_response"("pollId", "groupId");

-- CreateIndex
CREATE UNIQUE INDEX "poll_response_pollId_token_key" ON "poll_response"("pollId", "token");

-- CreateIndex
CREATE INDEX "poll_answer_questionId_idx" ON "poll_answer"("questionId");

-- CreateIndex
CREATE INDEX "delivery_job_period_status_idx" ON "delivery"("job", "period", "status");

-- CreateIndex
CREATE UNIQUE INDEX "delivery_job_recipient_period_key" ON "delivery"("job", "recipient", "period");

-- CreateIndex
CREATE INDEX "audit_event_at_idx" ON "audit_event"("at");

-- CreateIndex
CREATE INDEX "audit_event_actorId_idx" ON "audit_event"("actorId");

-- AddForeignKey
ALTER TABLE "kommun" ADD CONSTRAINT "kommun_lpoId_fkey" FOREIGN KEY ("lpoId") REFERENCES "lpo"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "org_group" ADD CONSTRAINT "org_group_lpoId_fkey" FOREIGN KEY ("lpoId") REFERENCES "lpo"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "org_group" ADD CONSTRAINT "org_group_leadId_fkey" FOREIGN KEY ("leadId") REFERENCES "person"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "channel_binding" ADD CONSTRAINT "channel_binding_groupId_fkey" FOREIGN KEY ("groupId") REFERENCES "org_group"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "person" ADD CONSTRAINT "person_lpoId_fkey" FOREIGN KEY ("lpoId") REFERENCES "lpo"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "person_role" ADD CONSTRAINT "person_role_personId_fkey" FOREIGN KEY ("personId") REFERENCES "person"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "group_member" ADD CONSTRAINT "group_member_personId_fkey" FOREIGN KEY ("personId") REFERENCES "person"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "group_member" ADD CONSTRAINT "group_member_groupId_fkey" FOREIGN KEY ("groupId") REFERENCES "org_group"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "citizen_promise" ADD CONSTRAINT "citizen_promise_kommunId_fkey" FOREIGN KEY ("kommunId") REFERENCES "kommun"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "promise_activity" ADD CONSTRAINT "promise_activity_promiseId_fkey" FOREIGN KEY ("promiseId") REFERENCES "citizen_promise"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "activity_target" ADD CONSTRAINT "activity_target_activityId_fkey" FOREIGN KEY ("activityId") REFERENCES "promise_activity"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "activity_group" ADD CONSTRAINT "activity_group_activityId_fkey" FOREIGN KEY ("activityId") REFERENCES "promise_activity"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "activity_group" ADD CONSTRAINT "activity_group_groupId_fkey" FOREIGN KEY ("groupId") REFERENCES "org_group"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "activity_entry" ADD CONSTRAINT "activity_entry_activityId_fkey" FOREIGN KEY ("activityId") REFERENCES "promise_activity"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "activity_entry" ADD CONSTRAINT "activity_entry_personId_fkey" FOREIGN KEY ("personId") REFERENCES "person"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "activity_entry" ADD CONSTRAINT "activity_entry_loggedById_fkey" FOREIGN KEY ("loggedById") REFERENCES "person"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "dialogue_poll" ADD CONSTRAINT "dialogue_poll_lpoId_fkey" FOREIGN KEY ("lpoId") REFERENCES "lpo"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "dialogue_poll" ADD CONSTRAINT "dialogue_poll_promiseId_fkey" FOREIGN KEY ("promiseId") REFERENCES "citizen_promise"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "poll_question" ADD CONSTRAINT "poll_question_pollId_fkey" FOREIGN KEY ("pollId") REFERENCES "dialogue_poll"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "poll_recipient" ADD CONSTRAINT "poll_recipient_pollId_fkey" FOREIGN KEY ("pollId") REFERENCES "dialogue_poll"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "poll_response" ADD CONSTRAINT "poll_response_pollId_fkey" FOREIGN KEY ("pollId") REFERENCES "dialogue_poll"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "poll_answer" ADD CONSTRAINT "poll_answer_responseId_fkey" FOREIGN KEY ("responseId") REFERENCES "poll_response"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "poll_answer" ADD CONSTRAINT "poll_answer_questionId_fkey" FOREIGN KEY ("questionId") REFERENCES "poll_question"("id") ON DELETE CASCADE ON UPDATE CASCADE;

