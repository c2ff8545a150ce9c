CREATE TABLE IF NOT EXISTS "__EFMigrationsHistory" (
    "MigrationId" TEXT NOT NULL CONSTRAINT "PK___EFMigrationsHistory" PRIMARY KEY,
    "ProductVersion" TEXT NOT NULL
);

BEGIN TRANSACTION;
CREATE TABLE "AspNetRoles" (
    "Id" TEXT NOT NULL CONSTRAINT "PK_AspNetRoles" PRIMARY KEY,
    "Name" TEXT NULL,
    "NormalizedName" TEXT NULL,
    "ConcurrencyStamp" TEXT NULL
);

CREATE TABLE "AspNetUsers" (
    "Id" TEXT NOT NULL CONSTRAINT "PK_AspNetUsers" PRIMARY KEY,
    "DisplayName" TEXT NOT NULL,
    "IsActive" INTEGER NOT NULL,
    "CreatedAt" INTEGER NOT NULL,
    "Availability" TEXT NOT NULL DEFAULT 'Available',
    "AwayUntil" INTEGER NULL,
    "SubstituteId" TEXT NULL,
    "UserName" TEXT NULL,
    "NormalizedUserName" TEXT NULL,
    "Email" TEXT NULL,
    "NormalizedEmail" TEXT NULL,
    "EmailConfirmed" INTEGER NOT NULL,
    "PasswordHash" TEXT NULL,
    "SecurityStamp" TEXT NULL,
    "ConcurrencyStamp" TEXT NULL,
    "PhoneNumber" TEXT NULL,
    "PhoneNumberConfirmed" INTEGER NOT NULL,
    "TwoFactorEnabled" INTEGER NOT NULL,
    "LockoutEnd" INTEGER NULL,
    "LockoutEnabled" INTEGER NOT NULL,
    "AccessFailedCount" INTEGER NOT NULL
);

CREATE TABLE "AuditEntries" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_AuditEntries" PRIMARY KEY AUTOINCREMENT,
    "At" INTEGER NOT NULL,
    "ActorId" TEXT NULL,
    "What" TEXT NOT NULL,
    "SubjectId" TEXT NULL,
    "Before" TEXT NULL,
    "After" TEXT NULL
);

CREATE TABLE "DataProtectionKeys" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_DataProtectionKeys" PRIMARY KEY AUTOINCREMENT,
    "FriendlyName" TEXT NULL,
    "Xml" TEXT NULL
);

CREATE TABLE "IdempotencyRecords" (
    "Key" TEXT NOT NULL,
    "ActorId" TEXT NOT NULL,
    "RequestHash" TEXT NOT NULL,
    "StatusCode" INTEGER NOT NULL,
    "ResponseJson" TEXT NOT NULL,
    "CreatedAt" INTEGER NOT NULL,
    CONSTRAINT "PK_IdempotencyRecords" PRIMARY KEY ("ActorId", "Key")
);

CREATE TABLE "OutboxLeases" (
    "Name" TEXT NOT NULL CONSTRAINT "PK_OutboxLeases" PRIMARY KEY,
    "Owner" TEXT NOT NULL,
    "ExpiresAt" INTEGER NOT NULL
);

CREATE TABLE "OutboxMessages" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_OutboxMessages" PRIMARY KEY AUTOINCREMENT,
    "CaseId" TEXT NOT NULL,
    "CaseVersion" INTEGER NOT NULL,
    "EventName" TEXT NOT NULL,
    "Audiences" TEXT NOT NULL,
    "PayloadJson" TEXT NOT NULL,
    "IsPublic" INTEGER NOT NULL,
    "CreatedAt" INTEGER NOT NULL,
    "DeliveredAt" INTEGER NULL,
    "TraceParent" TEXT NULL
);

CREATE TABLE "Teams" (
    "Id" TEXT NOT NULL CONSTRAINT "PK_Teams" PRIMARY KEY,
    "Name" TEXT NOT NULL,
    "CreatedAt" INTEGER NOT NULL,
    "AssignmentMode" TEXT NOT NULL DEFAULT 'Queue',
    "OfferCapacity" INTEGER NOT NULL DEFAULT 10
);

CREATE TABLE "AspNetRoleClaims" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_AspNetRoleClaims" PRIMARY KEY AUTOINCREMENT,
    "RoleId" TEXT NOT NULL,
    "ClaimType" TEXT NULL,
    "ClaimValue" TEXT NULL,
    CONSTRAINT "FK_AspNetRoleClaims_AspNetRoles_RoleId" FOREIGN KEY ("RoleId") REFERENCES "AspNetRoles" ("Id") ON DELETE CASCADE
);

CREATE TABLE "AspNetUserClaims" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_AspNetUserClaims" PRIMARY KEY AUTOINCREMENT,
    "UserId" TEXT NOT NULL,
    "ClaimType" TEXT NULL,
    "ClaimValue" TEXT NULL,
    CONSTRAINT "FK_AspNetUserClaims_AspNetUsers_UserId" FOREIGN KEY ("UserId") REFERENCES "AspNetUsers" ("Id") ON DELETE CASCADE
);

CREATE TABLE "AspNetUserLogins" (
    "LoginProvider" TEXT NOT NULL,
    "ProviderKey" TEXT NOT NULL,
    "ProviderDisplayName" TEXT NULL,
    "UserId" TEXT NOT NULL,
    CONSTRAINT "PK_AspNetUserLogins" PRIMARY KEY ("LoginProvider", "ProviderKey"),
    CONSTRAINT "FK_AspNetUserLogins_AspNetUsers_UserId" FOREIGN KEY ("UserId") REFERENCES "AspNetUsers" ("Id") ON DELETE CASCADE
);

CREATE TABLE "AspNetUserRoles" (
    "UserId" TEXT NOT NULL,
    "RoleId" TEXT NOT NULL,
    CONSTRAINT "PK_AspNetUserRoles" PRIMARY KEY ("UserId", "RoleId"),
    CONSTRAINT "FK_AspNetUserRoles_AspNetRoles_RoleId" FOREIGN KEY ("RoleId") REFERENCES "AspNetRoles" ("Id") ON DELETE CASCADE,
    CONSTRAINT "FK_AspNetUserRoles_AspNetUsers_UserId" FOREIGN KEY ("UserId") REFERENCES "AspNetUsers" ("Id") ON DELETE CASCADE
);

CREATE TABLE "AspNetUserTokens" (
    "UserId" TEXT NOT NULL,
    "LoginProvider" TEXT NOT NULL,
    "Name" TEXT NOT NULL,
    "Value" TEXT NULL,
    CONSTRAINT "PK_AspNetUserTokens" PRIMARY KEY ("UserId", "LoginProvider", "Name"),
    CONSTRAINT "FK_AspNetUserTokens_AspNetUsers_UserId" FOREIGN KEY ("UserId") REFERENCES "AspNetUsers" ("Id") ON DELETE CASCADE
);

CREATE TABLE "StaffSessions" (
    "Id" TEXT NOT NULL CONSTRAINT "PK_StaffSessions" PRIMARY KEY,
    "StaffId" TEXT NOT NULL,
    "CreatedAt" INTEGER NOT NULL,
    "RefreshTokenId" TEXT NULL,
    "RevokedAt" INTEGER NULL,
    CONSTRAINT "FK_StaffSessions_AspNetUsers_StaffId" FOREIGN KEY ("StaffId") REFERENCES "AspNetUsers" ("Id") ON DELETE CASCADE
);

CREATE TABLE "Cases" (
    "Id" TEXT NOT NULL CONSTRAINT "PK_Cases" PRIMARY KEY,
    "Reference" TEXT NOT NULL,
    "AccessCodeHash" TEXT NOT NULL,
    "CustomerEmailKey" TEXT NULL,
    "CustomerPhoneKey" TEXT NULL,
    "Subject" TEXT NOT NULL,
    "Description" TEXT NOT NULL,
    "Channel" TEXT NOT NULL,
    "Category" TEXT NULL,
    "Priority" TEXT NOT NULL,
    "Status" TEXT NOT NULL,
    "TeamId" TEXT NOT NULL,
    "OwnerId" TEXT NULL,
    "OwnerName" TEXT NULL,
    "OpenedAt" INTEGER NOT NULL,
    "LastActivityAt" INTEGER NOT NULL,
    "NextDueAt" INTEGER NULL,
    "ClaimedAt" INTEGER NULL,
    "FirstResponseAt" INTEGER NULL,
    "WaitingSince" INTEGER NULL,
    "ResolvedAt" INTEGER NULL,
    "ClosedAt" INTEGER NULL,
    "ResolutionSummary" TEXT NULL,
    "ReopenCount" INTEGER NOT NULL,
    "Version" INTEGER NOT NULL,
    "Terms" TEXT NOT NULL,
    "LinkedCaseId" TEXT NULL,
    "FollowUp" TEXT NULL,
    "ResolutionConfirmedAt" INTEGER NULL,
    "SurveyAnsweredAt" INTEGER NULL,
    "ErasedAt" INTEGER NULL,
    "WantsUpdateMail" INTEGER NOT NULL DEFAULT 1,
    "EmailBouncedAt" INTEGER NULL,
    "OfferDueAt" INTEGER NULL,
    "CustomerEmail" TEXT NULL,
    "CustomerName" TEXT NOT NULL,
    "CustomerPhone" TEXT NULL,
    "CustomerPreferredAddress" TEXT NULL,
    CONSTRAINT "FK_Cases_Cases_LinkedCaseId" FOREIGN KEY ("LinkedCaseId") REFERENCES "Cases" ("Id") ON DELETE RESTRICT,
    CONSTRAINT "FK_Cases_Teams_TeamId" FOREIGN KEY ("TeamId") REFERENCES "Teams" ("Id") ON DELETE RESTRICT
);

CREATE TABLE "ComplaintForm" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_ComplaintForm" PRIMARY KEY,
    "Enabled" INTEGER NOT NULL,
    "TeamId" TEXT NULL,
    "UpdatedAt" INTEGER NOT NULL,
    CONSTRAINT "FK_ComplaintForm_Teams_TeamId" FOREIGN KEY ("TeamId") REFERENCES "Teams" ("Id") ON DELETE SET NULL
);

CREATE TABLE "SavedReplies" (
    "Id" TEXT NOT NULL CONSTRAINT "PK_SavedReplies" PRIMARY KEY,
    "TeamId" TEXT NOT NULL,
    "Title" TEXT NOT NULL,
    "NormalizedTitle" TEXT NOT NULL,
    "Text" TEXT NOT NULL,
    "CreatedAt" INTEGER NOT NULL,
    "UpdatedAt" INTEGER NOT NULL,
    CONSTRAINT "FK_SavedReplies_Teams_TeamId" FOREIGN KEY ("TeamId") REFERENCES "Teams" ("Id") ON DELETE CASCADE
);

CREATE TABLE "TeamMailboxes" (
    "TeamId" TEXT NOT NULL CONSTRAINT "PK_TeamMailboxes" PRIMARY KEY,
    "Host" TEXT NOT NULL,
    "Port" INTEGER NOT NULL,
    "Security" TEXT NOT NULL,
    "User" TEXT NOT NULL,
    "ProtectedPassword" TEXT NOT NULL,
    "Folder" TEXT NOT NULL,
    "Processed" TEXT NOT NULL,
    "MoveTo" TEXT NULL,
    "Enabled" INTEGER NOT NULL,
    "Revision" INTEGER NOT NULL,
    "UpdatedAt" INTEGER NOT NULL,
    CONSTRAINT "FK_TeamMailboxes_Teams_TeamId" FOREIGN KEY ("TeamId") REFERENCES "Teams" ("Id") ON DELETE CASCADE
);

CREATE TABLE "TeamMailSettings" (
    "TeamId" TEXT NOT NULL CONSTRAINT "PK_TeamMailSettings" PRIMARY KEY,
    "SenderName" TEXT NOT NULL,
    "SenderAddress" TEXT NOT NULL,
    "ReplyTo" TEXT NULL,
    "UpdatedAt" INTEGER NOT NULL,
    CONSTRAINT "FK_TeamMailSettings_Teams_TeamId" FOREIGN KEY ("TeamId") REFERENCES "Teams" ("Id") ON DELETE CASCADE
);

CREATE TABLE "TeamMailTemplates" (
    "TeamId" TEXT NOT NULL,
    "Kind" TEXT NOT NULL,
    "Subject" TEXT NOT NULL,
    "Body" TEXT NOT NULL,
    "UpdatedAt" INTEGER NOT NULL,
    CONSTRAINT "PK_TeamMailTemplates" PRIMARY KEY ("TeamId", "Kind"),
    CONSTRAINT "FK_TeamMailTemplates_Teams_TeamId" FOREIGN KEY ("TeamId") REFERENCES "Teams" ("Id") ON DELETE CASCADE
);

CREATE TABLE "TeamMemberships" (
    "TeamId" TEXT NOT NULL,
    "StaffId" TEXT NOT NULL,
    CONSTRAINT "PK_TeamMemberships" PRIMARY KEY ("TeamId", "StaffId"),
    CONSTRAINT "FK_TeamMemberships_AspNetUsers_StaffId" FOREIGN KEY ("StaffId") REFERENCES "AspNetUsers" ("Id") ON DELETE CASCADE,
    CONSTRAINT "FK_TeamMemberships_Teams_TeamId" FOREIGN KEY ("TeamId") REFERENCES "Teams" ("Id") ON DELETE CASCADE
);

CREATE TABLE "TeamSlaSettings" (
    "TeamId" TEXT NOT NULL CONSTRAINT "PK_TeamSlaSettings" PRIMARY KEY,
    "PolicyJson" TEXT NOT NULL,
    "CalendarJson" TEXT NOT NULL,
    "UpdatedAt" INTEGER NOT NULL,
    CONSTRAINT "FK_TeamSlaSettings_Teams_TeamId" FOREIGN KEY ("TeamId") REFERENCES "Teams" ("Id") ON DELETE CASCADE
);

CREATE TABLE "CaseClocks" (
    "Id" TEXT NOT NULL CONSTRAINT "PK_CaseClocks" PRIMARY KEY,
    "CaseId" TEXT NOT NULL,
    "Kind" TEXT NOT NULL,
    "StartedAt" INTEGER NOT NULL,
    "Target" INTEGER NOT NULL,
    "PausedBusinessTime" INTEGER NOT NULL,
    "DueAt" INTEGER NOT NULL,
    "WarnAt" INTEGER NOT NULL,
    "MetAt" INTEGER NULL,
    "WarnedAt" INTEGER NULL,
    "BreachedAt" INTEGER NULL,
    "EscalationLevel" INTEGER NOT NULL,
    "NextEscalationAt" INTEGER NULL,
    CONSTRAINT "FK_CaseClocks_Cases_CaseId" FOREIGN KEY ("CaseId") REFERENCES "Cases" ("Id") ON DELETE CASCADE
);

CREATE TABLE "CaseSearchWords" (
    "CaseId" TEXT NOT NULL,
    "Word" TEXT NOT NULL,
    CONSTRAINT "PK_CaseSearchWords" PRIMARY KEY ("CaseId", "Word"),
    CONSTRAINT "FK_CaseSearchWords_Cases_CaseId" FOREIGN KEY ("CaseId") REFERENCES "Cases" ("Id") ON DELETE CASCADE
);

CREATE TABLE "CustomerMails" (
    "Id" TEXT NOT NULL CONSTRAINT "PK_CustomerMails" PRIMARY KEY,
    "CaseId" TEXT NOT NULL,
    "CaseVersion" INTEGER NOT NULL,
    "Kind" TEXT NOT NULL,
    "IsUpdate" INTEGER NOT NULL,
    "MessageId" TEXT NOT NULL,
    "ThreadId" TEXT NOT NULL,
    "ToName" TEXT NOT NULL,
    "ToAddress" TEXT NOT NULL,
    "FromName" TEXT NOT NULL,
    "FromAddress" TEXT NOT NULL,
    "ReplyTo" TEXT NULL,
    "Subject" TEXT NOT NULL,
    "TextBody" TEXT NOT NULL,
    "HtmlBody" TEXT NOT NULL,
    "State" TEXT NOT NULL,
    "Attempts" INTEGER NOT NULL,
    "CreatedAt" INTEGER NOT NULL,
    "NextAttemptAt" INTEGER NOT NULL,
    "SentAt" INTEGER NULL,
    "ProtectedAccessCode" TEXT NULL,
    "LastError" TEXT NULL,
    "LeaseOwner" TEXT NULL,
    "LeaseUntil" INTEGER NULL,
    CONSTRAINT "FK_CustomerMails_Cases_CaseId" FOREIGN KEY ("CaseId") REFERENCES "Cases" ("Id") ON DELETE CASCADE
);

CREATE TABLE "Feedback" (
    "Id" TEXT NOT NULL CONSTRAINT "PK_Feedback" PRIMARY KEY,
    "CaseId" TEXT NOT NULL,
    "Resolution" INTEGER NOT NULL,
    "TeamId" TEXT NOT NULL,
    "OwnerId" TEXT NULL,
    "Comment" TEXT NULL,
    "AnsweredAt" INTEGER NOT NULL,
    "FollowUpCaseId" TEXT NULL,
    "BuyAgain" TEXT NOT NULL,
    "Recommend" INTEGER NOT NULL,
    "Satisfaction" INTEGER NOT NULL,
    CONSTRAINT "FK_Feedback_Cases_CaseId" FOREIGN KEY ("CaseId") REFERENCES "Cases" ("Id") ON DELETE CASCADE,
    CONSTRAINT "FK_Feedback_Cases_FollowUpCaseId" FOREIGN KEY ("FollowUpCaseId") REFERENCES "Cases" ("Id") ON DELETE RESTRICT
);

CREATE TABLE "Handoffs" (
    "Id" TEXT NOT NULL CONSTRAINT "PK_Handoffs" PRIMARY KEY,
    "CaseId" TEXT NOT NULL,
    "Kind" TEXT NOT NULL DEFAULT 'Colleague',
    "FromAgentId" TEXT NULL,
    "FromAgentName" TEXT NOT NULL,
    "ToAgentId" TEXT NULL,
    "ToTeamId" TEXT NULL,
    "Note" TEXT NOT NULL,
    "OfferedAt" INTEGER NOT NULL,
    "ExpiresAt" INTEGER NOT NULL,
    "Status" TEXT NOT NULL,
    "AnsweredAt" INTEGER NULL,
    "AnsweredById" TEXT NULL,
    "AnsweredByName" TEXT NULL,
    "DeclineReason" TEXT NULL,
    CONSTRAINT "FK_Handoffs_Cases_CaseId" FOREIGN KEY ("CaseId") REFERENCES "Cases" ("Id") ON DELETE CASCADE
);

CREATE TABLE "InboundMails" (
    "Id" TEXT NOT NULL CONSTRAINT "PK_InboundMails" PRIMARY KEY,
    "Source" TEXT NOT NULL,
    "UidValidity" INTEGER NOT NULL,
    "Uid" INTEGER NOT NULL,
    "MessageId" TEXT NULL,
    "FromAddress" TEXT NOT NULL,
    "Subject" TEXT NOT NULL,
    "Outcome" TEXT NOT NULL,
    "Note" TEXT NULL,
    "CaseId" TEXT NULL,
    "ReceivedAt" INTEGER NOT NULL,
    "Raw" BLOB NOT NULL,
    CONSTRAINT "FK_InboundMails_Cases_CaseId" FOREIGN KEY ("CaseId") REFERENCES "Cases" ("Id") ON DELETE CASCADE
);

CREATE TABLE "Promises" (
    "Id" TEXT NOT NULL CONSTRAINT "PK_Promises" PRIMARY KEY,
    "CaseId" TEXT NOT NULL,
    "Text" TEXT NOT NULL,
    "MadeAt" INTEGER NOT NULL,
    "DueAt" INTEGER NOT NULL,
    "OriginalDueAt" INTEGER NOT NULL,
    "MadeById" TEXT NOT NULL,
    "Status" TEXT NOT NULL,
    "SettledAt" INTEGER NULL,
    "RemindAt" INTEGER NOT NULL,
    "RemindedAt" INTEGER NULL,
    CONSTRAINT "FK_Promises_Cases_CaseId" FOREIGN KEY ("CaseId") REFERENCES "Cases" ("Id") ON DELETE CASCADE
);

CREATE TABLE "TimelineEntries" (
    "Id" TEXT NOT NULL CONSTRAINT "PK_TimelineEntries" PRIMARY KEY,
    "CaseId" TEXT NOT NULL,
    "CaseVersion" INTEGER NOT NULL,
    "At" INTEGER NOT NULL,
    "Kind" TEXT NOT NULL,
    "ActorId" TEXT NULL,
    "ActorName" TEXT NOT NULL,
    "ActorKind" TEXT NOT NULL,
    "Text" TEXT NOT NULL,
    "IsPublic" INTEGER NOT NULL,
    "SubjectId" TEXT NULL,
    CONSTRAINT "FK_TimelineEntries_Cases_CaseId" FOREIGN KEY ("CaseId") REFERENCES "Cases" ("Id") ON DELETE CASCADE
);

CREATE TABLE "CaseAttachments" (
    "Id" TEXT NOT NULL CONSTRAINT "PK_CaseAttachments" PRIMARY KEY,
    "CaseId" TEXT NOT NULL,
    "InboundMailId" TEXT NULL,
    "TimelineEntryId" TEXT NULL,
    "IsPublic" INTEGER NOT NULL,
    "UploadedById" TEXT NULL,
    "FromCustomer" INTEGER NOT NULL,
    "FileName" TEXT NOT NULL,
    "ContentType" TEXT NOT NULL,
    "Size" INTEGER NOT NULL,
    "Content" BLOB NOT NULL,
    "At" INTEGER NOT NULL,
    CONSTRAINT "FK_CaseAttachments_Cases_CaseId" FOREIGN KEY ("CaseId") REFERENCES "Cases" ("Id") ON DELETE CASCADE,
    CONSTRAINT "FK_CaseAttachments_InboundMails_InboundMailId" FOREIGN KEY ("InboundMailId") REFERENCES "InboundMails" ("Id") ON DELETE CASCADE
);

INSERT INTO "OutboxLeases" ("Name", "ExpiresAt", "Owner")
VALUES ('live', 630822816000000000, '');
SELECT changes();


CREATE INDEX "IX_AspNetRoleClaims_RoleId" ON "AspNetRoleClaims" ("RoleId");

CREATE UNIQUE INDEX "RoleNameIndex" ON "AspNetRoles" ("NormalizedName");

CREATE INDEX "IX_AspNetUserClaims_UserId" ON "AspNetUserClaims" ("UserId");

CREATE INDEX "IX_AspNetUserLogins_UserId" ON "AspNetUserLogins" ("UserId");

CREATE INDEX "IX_AspNetUserRoles_RoleId" ON "AspNetUserRoles" ("RoleId");

CREATE INDEX "EmailIndex" ON "AspNetUsers" ("NormalizedEmail");

CREATE UNIQUE INDEX "UserNameIndex" ON "AspNetUsers" ("NormalizedUserName");

CREATE INDEX "IX_AuditEntries_ActorId_At" ON "AuditEntries" ("ActorId", "At");

CREATE INDEX "IX_AuditEntries_At" ON "AuditEntries" ("At");

CREATE INDEX "IX_AuditEntries_What_At" ON "AuditEntries" ("What", "At");

CREATE INDEX "IX_CaseAttachments_CaseId_InboundMailId" ON "CaseAttachments" ("CaseId", "InboundMailId");

CREATE INDEX "IX_CaseAttachments_CaseId_TimelineEntryId" ON "CaseAttachments" ("CaseId", "TimelineEntryId");

CREATE INDEX "IX_CaseAttachments_InboundMailId" ON "CaseAttachments" ("InboundMailId");

CREATE INDEX "IX_CaseClocks_AtRisk" ON "CaseClocks" ("DueAt") WHERE "MetAt" IS NULL AND "WarnedAt" IS NOT NULL AND "BreachedAt" IS NULL;

CREATE INDEX "IX_CaseClocks_Breached" ON "CaseClocks" ("DueAt", "CaseId") WHERE "MetAt" IS NULL AND "BreachedAt" IS NOT NULL;

CREATE UNIQUE INDEX "IX_CaseClocks_CaseId_Kind" ON "CaseClocks" ("CaseId", "Kind");

CREATE INDEX "IX_Cases_CustomerEmailKey" ON "Cases" ("CustomerEmailKey");

CREATE INDEX "IX_Cases_CustomerPhoneKey" ON "Cases" ("CustomerPhoneKey");

CREATE INDEX "IX_Cases_FollowUp_Status" ON "Cases" ("FollowUp", "Status");

CREATE INDEX "IX_Cases_LinkedCaseId" ON "Cases" ("LinkedCaseId");

CREATE INDEX "IX_Cases_OfferDueAt" ON "Cases" ("OfferDueAt");

CREATE INDEX "IX_Cases_OwnerId_Status_LastActivityAt" ON "Cases" ("OwnerId", "Status", "LastActivityAt");

CREATE UNIQUE INDEX "IX_Cases_Reference" ON "Cases" ("Reference");

CREATE INDEX "IX_Cases_Status_LastActivityAt_Id" ON "Cases" ("Status", "LastActivityAt", "Id");

CREATE INDEX "IX_Cases_Status_NextDueAt_Id" ON "Cases" ("Status", "NextDueAt", "Id");

CREATE INDEX "IX_Cases_Status_OpenedAt_Id" ON "Cases" ("Status", "OpenedAt", "Id");

CREATE INDEX "IX_Cases_Status_Priority_OpenedAt_Id" ON "Cases" ("Status", "Priority", "OpenedAt", "Id");

CREATE INDEX "IX_Cases_TeamId_Status_LastActivityAt_Id" ON "Cases" ("TeamId", "Status", "LastActivityAt", "Id");

CREATE INDEX "IX_Cases_TeamId_Status_NextDueAt_Id" ON "Cases" ("TeamId", "Status", "NextDueAt", "Id");

CREATE INDEX "IX_Cases_TeamId_Status_OpenedAt_Id" ON "Cases" ("TeamId", "Status", "OpenedAt", "Id");

CREATE INDEX "IX_Cases_TeamId_Status_Priority_OpenedAt_Id" ON "Cases" ("TeamId", "Status", "Priority", "OpenedAt", "Id");

CREATE INDEX "IX_CaseSearchWords_Word_CaseId" ON "CaseSearchWords" ("Word", "CaseId");

CREATE INDEX "IX_ComplaintForm_TeamId" ON "ComplaintForm" ("TeamId");

CREATE INDEX "IX_CustomerMails_CaseId_CreatedAt_CaseVersion" ON "CustomerMails" ("CaseId", "CreatedAt", "CaseVersion");

CREATE UNIQUE INDEX "IX_CustomerMails_MessageId" ON "CustomerMails" ("MessageId");

CREATE INDEX "IX_CustomerMails_State_NextAttemptAt" ON "CustomerMails" ("State", "NextAttemptAt");

CREATE INDEX "IX_Feedback_AnsweredAt" ON "Feedback" ("AnsweredAt");

CREATE UNIQUE INDEX "IX_Feedback_CaseId_Resolution" ON "Feedback" ("CaseId", "Resolution");

CREATE INDEX "IX_Feedback_FollowUpCaseId" ON "Feedback" ("FollowUpCaseId");

CREATE INDEX "IX_Feedback_TeamId_AnsweredAt" ON "Feedback" ("TeamId", "AnsweredAt");

CREATE INDEX "IX_Handoffs_CaseId" ON "Handoffs" ("CaseId");

CREATE INDEX "IX_Handoffs_Status_ToAgentId" ON "Handoffs" ("Status", "ToAgentId");

CREATE INDEX "IX_Handoffs_Status_ToTeamId" ON "Handoffs" ("Status", "ToTeamId");

CREATE INDEX "IX_IdempotencyRecords_CreatedAt" ON "IdempotencyRecords" ("CreatedAt");

CREATE INDEX "IX_InboundMails_CaseId_ReceivedAt" ON "InboundMails" ("CaseId", "ReceivedAt");

CREATE INDEX "IX_InboundMails_FromAddress_ReceivedAt" ON "InboundMails" ("FromAddress", "ReceivedAt");

CREATE UNIQUE INDEX "IX_InboundMails_Source_UidValidity_Uid" ON "InboundMails" ("Source", "UidValidity", "Uid");

CREATE INDEX "IX_OutboxMessages_DeliveredAt_Id" ON "OutboxMessages" ("DeliveredAt", "Id");

CREATE INDEX "IX_Promises_CaseId" ON "Promises" ("CaseId");

CREATE INDEX "IX_Promises_Status_DueAt" ON "Promises" ("Status", "DueAt");

CREATE UNIQUE INDEX "IX_SavedReplies_TeamId_NormalizedTitle" ON "SavedReplies" ("TeamId", "NormalizedTitle");

CREATE INDEX "IX_StaffSessions_StaffId" ON "StaffSessions" ("StaffId");

CREATE INDEX "IX_TeamMemberships_StaffId" ON "TeamMemberships" ("StaffId");

CREATE UNIQUE INDEX "IX_Teams_Name" ON "Teams" ("Name");

CREATE INDEX "IX_TimelineEntries_CaseId_CaseVersion" ON "TimelineEntries" ("CaseId", "CaseVersion");

INSERT INTO "__EFMigrationsHistory" ("MigrationId", "ProductVersion")
VALUES ('20261207002808_Initial', '10.0.14');

COMMIT;

