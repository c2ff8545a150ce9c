IF OBJECT_ID(N'[__EFMigrationsHistory]') IS NULL
BEGIN
    CREATE TABLE [__EFMigrationsHistory] (
        [MigrationId] nvarchar(150) NOT NULL,
        [ProductVersion] nvarchar(32) NOT NULL,
        CONSTRAINT [PK___EFMigrationsHistory] PRIMARY KEY ([MigrationId])
    );
END;
GO

BEGIN TRANSACTION;
IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261207002818_Initial'
)
BEGIN
    CREATE TABLE [AspNetRoles] (
        [Id] uniqueidentifier NOT NULL,
        [Name] nvarchar(256) NULL,
        [NormalizedName] nvarchar(256) NULL,
        [ConcurrencyStamp] nvarchar(max) NULL,
        CONSTRAINT [PK_AspNetRoles] PRIMARY KEY ([Id])
    );
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261207002818_Initial'
)
BEGIN
    CREATE TABLE [AspNetUsers] (
        [Id] uniqueidentifier NOT NULL,
        [DisplayName] nvarchar(200) NOT NULL,
        [IsActive] bit NOT NULL,
        [CreatedAt] datetimeoffset NOT NULL,
        [Availability] nvarchar(20) NOT NULL DEFAULT N'Available',
        [AwayUntil] datetimeoffset NULL,
        [SubstituteId] uniqueidentifier NULL,
        [UserName] nvarchar(256) NULL,
        [NormalizedUserName] nvarchar(256) NULL,
        [Email] nvarchar(256) NULL,
        [NormalizedEmail] nvarchar(256) NULL,
        [EmailConfirmed] bit NOT NULL,
        [PasswordHash] nvarchar(max) NULL,
        [SecurityStamp] nvarchar(max) NULL,
        [ConcurrencyStamp] nvarchar(max) NULL,
        [PhoneNumber] nvarchar(max) NULL,
        [PhoneNumberConfirmed] bit NOT NULL,
        [TwoFactorEnabled] bit NOT NULL,
        [LockoutEnd] datetimeoffset NULL,
        [LockoutEnabled] bit NOT NULL,
        [AccessFailedCount] int NOT NULL,
        CONSTRAINT [PK_AspNetUsers] PRIMARY KEY ([Id])
    );
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261207002818_Initial'
)
BEGIN
    CREATE TABLE [AuditEntries] (
        [Id] bigint NOT NULL IDENTITY,
        [At] datetimeoffset NOT NULL,
        [ActorId] uniqueidentifier NULL,
        [What] nvarchar(40) NOT NULL,
        [SubjectId] uniqueidentifier NULL,
        [Before] nvarchar(max) NULL,
        [After] nvarchar(max) NULL,
        CONSTRAINT [PK_AuditEntries] PRIMARY KEY ([Id])
    );
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261207002818_Initial'
)
BEGIN
    CREATE TABLE [DataProtectionKeys] (
        [Id] int NOT NULL IDENTITY,
        [FriendlyName] nvarchar(max) NULL,
        [Xml] nvarchar(max) NULL,
        CONSTRAINT [PK_DataProtectionKeys] PRIMARY KEY ([Id])
    );
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261207002818_Initial'
)
BEGIN
    CREATE TABLE [IdempotencyRecords] (
        [Key] nvarchar(100) NOT NULL,
        [ActorId] uniqueidentifier NOT NULL,
        [RequestHash] varchar(64) NOT NULL,
        [StatusCode] int NOT NULL,
        [ResponseJson] nvarchar(4000) NOT NULL,
        [CreatedAt] datetimeoffset NOT NULL,
        CONSTRAINT [PK_IdempotencyRecords] PRIMARY KEY ([ActorId], [Key])
    );
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261207002818_Initial'
)
BEGIN
    CREATE TABLE [OutboxLeases] (
        [Name] varchar(50) NOT NULL,
        [Owner] varchar(200) NOT NULL,
        [ExpiresAt] datetimeoffset NOT NULL,
        CONSTRAINT [PK_OutboxLeases] PRIMARY KEY ([Name])
    );
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261207002818_Initial'
)
BEGIN
    CREATE TABLE [OutboxMessages] (
        [Id] bigint NOT NULL IDENTITY,
        [CaseId] uniqueidentifier NOT NULL,
        [CaseVersion] int NOT NULL,
        [EventName] varchar(100) NOT NULL,
        [Audiences] varchar(1000) NOT NULL,
        [PayloadJson] nvarchar(max) NOT NULL,
        [IsPublic] bit NOT NULL,
        [CreatedAt] datetimeoffset NOT NULL,
        [DeliveredAt] datetimeoffset NULL,
        [TraceParent] varchar(55) NULL,
        CONSTRAINT [PK_OutboxMessages] PRIMARY KEY ([Id])
    );
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261207002818_Initial'
)
BEGIN
    CREATE TABLE [Teams] (
        [Id] uniqueidentifier NOT NULL,
        [Name] nvarchar(100) NOT NULL,
        [CreatedAt] datetimeoffset NOT NULL,
        [AssignmentMode] nvarchar(20) NOT NULL DEFAULT N'Queue',
        [OfferCapacity] int NOT NULL DEFAULT 10,
        CONSTRAINT [PK_Teams] PRIMARY KEY ([Id])
    );
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261207002818_Initial'
)
BEGIN
    CREATE TABLE [AspNetRoleClaims] (
        [Id] int NOT NULL IDENTITY,
        [RoleId] uniqueidentifier NOT NULL,
        [ClaimType] nvarchar(max) NULL,
        [ClaimValue] nvarchar(max) NULL,
        CONSTRAINT [PK_AspNetRoleClaims] PRIMARY KEY ([Id]),
        CONSTRAINT [FK_AspNetRoleClaims_AspNetRoles_RoleId] FOREIGN KEY ([RoleId]) REFERENCES [AspNetRoles] ([Id]) ON DELETE CASCADE
    );
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261207002818_Initial'
)
BEGIN
    CREATE TABLE [AspNetUserClaims] (
        [Id] int NOT NULL IDENTITY,
        [UserId] uniqueidentifier NOT NULL,
        [ClaimType] nvarchar(max) NULL,
        [ClaimValue] nvarchar(max) NULL,
        CONSTRAINT [PK_AspNetUserClaims] PRIMARY KEY ([Id]),
        CONSTRAINT [FK_AspNetUserClaims_AspNetUsers_UserId] FOREIGN KEY ([UserId]) REFERENCES [AspNetUsers] ([Id]) ON DELETE CASCADE
    );
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261207002818_Initial'
)
BEGIN
    CREATE TABLE [AspNetUserLogins] (
        [LoginProvider] nvarchar(450) NOT NULL,
        [ProviderKey] nvarchar(450) NOT NULL,
        [ProviderDisplayName] nvarchar(max) NULL,
        [UserId] uniqueidentifier NOT NULL,
        CONSTRAINT [PK_AspNetUserLogins] PRIMARY KEY ([LoginProvider], [ProviderKey]),
        CONSTRAINT [FK_AspNetUserLogins_AspNetUsers_UserId] FOREIGN KEY ([UserId]) REFERENCES [AspNetUsers] ([Id]) ON DELETE CASCADE
    );
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261207002818_Initial'
)
BEGIN
    CREATE TABLE [AspNetUserRoles] (
        [UserId] uniqueidentifier NOT NULL,
        [RoleId] uniqueidentifier NOT NULL,
        CONSTRAINT [PK_AspNetUserRoles] PRIMARY KEY ([UserId], [RoleId]),
        CONSTRAINT [FK_AspNetUserRoles_AspNetRoles_RoleId] FOREIGN KEY ([RoleId]) REFERENCES [AspNetRoles] ([Id]) ON DELETE CASCADE,
        CONSTRAINT [FK_AspNetUserRoles_AspNetUsers_UserId] FOREIGN KEY ([UserId]) REFERENCES [AspNetUsers] ([Id]) ON DELETE CASCADE
    );
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261207002818_Initial'
)
BEGIN
    CREATE TABLE [AspNetUserTokens] (
        [UserId] uniqueidentifier NOT NULL,
        [LoginProvider] nvarchar(450) NOT NULL,
        [Name] nvarchar(450) NOT NULL,
        [Value] nvarchar(max) NULL,
        CONSTRAINT [PK_AspNetUserTokens] PRIMARY KEY ([UserId], [LoginProvider], [Name]),
        CONSTRAINT [FK_AspNetUserTokens_AspNetUsers_UserId] FOREIGN KEY ([UserId]) REFERENCES [AspNetUsers] ([Id]) ON DELETE CASCADE
    );
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261207002818_Initial'
)
BEGIN
    CREATE TABLE [StaffSessions] (
        [Id] uniqueidentifier NOT NULL,
        [StaffId] uniqueidentifier NOT NULL,
        [CreatedAt] datetimeoffset NOT NULL,
        [RefreshTokenId] uniqueidentifier NULL,
        [RevokedAt] datetimeoffset NULL,
        CONSTRAINT [PK_StaffSessions] PRIMARY KEY ([Id]),
        CONSTRAINT [FK_StaffSessions_AspNetUsers_StaffId] FOREIGN KEY ([StaffId]) REFERENCES [AspNetUsers] ([Id]) ON DELETE CASCADE
    );
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261207002818_Initial'
)
BEGIN
    CREATE TABLE [Cases] (
        [Id] uniqueidentifier NOT NULL,
        [Reference] nvarchar(20) NOT NULL,
        [AccessCodeHash] varchar(64) NOT NULL,
        [CustomerEmailKey] nvarchar(254) NULL,
        [CustomerPhoneKey] varchar(40) NULL,
        [Subject] nvarchar(200) NOT NULL,
        [Description] nvarchar(max) NOT NULL,
        [Channel] nvarchar(20) NOT NULL,
        [Category] nvarchar(100) NULL,
        [Priority] nvarchar(4) NOT NULL,
        [Status] nvarchar(20) NOT NULL,
        [TeamId] uniqueidentifier NOT NULL,
        [OwnerId] uniqueidentifier NULL,
        [OwnerName] nvarchar(200) NULL,
        [OpenedAt] datetimeoffset NOT NULL,
        [LastActivityAt] datetimeoffset NOT NULL,
        [NextDueAt] datetimeoffset NULL,
        [ClaimedAt] datetimeoffset NULL,
        [FirstResponseAt] datetimeoffset NULL,
        [WaitingSince] datetimeoffset NULL,
        [ResolvedAt] datetimeoffset NULL,
        [ClosedAt] datetimeoffset NULL,
        [ResolutionSummary] nvarchar(max) NULL,
        [ReopenCount] int NOT NULL,
        [Version] int NOT NULL,
        [Terms] nvarchar(max) NOT NULL,
        [LinkedCaseId] uniqueidentifier NULL,
        [FollowUp] nvarchar(20) NULL,
        [ResolutionConfirmedAt] datetimeoffset NULL,
        [SurveyAnsweredAt] datetimeoffset NULL,
        [ErasedAt] datetimeoffset NULL,
        [WantsUpdateMail] bit NOT NULL DEFAULT CAST(1 AS bit),
        [EmailBouncedAt] datetimeoffset NULL,
        [OfferDueAt] datetimeoffset NULL,
        [CustomerEmail] nvarchar(254) NULL,
        [CustomerName] nvarchar(200) NOT NULL,
        [CustomerPhone] nvarchar(40) NULL,
        [CustomerPreferredAddress] nvarchar(200) NULL,
        CONSTRAINT [PK_Cases] PRIMARY KEY ([Id]),
        CONSTRAINT [FK_Cases_Cases_LinkedCaseId] FOREIGN KEY ([LinkedCaseId]) REFERENCES [Cases] ([Id]) ON DELETE NO ACTION,
        CONSTRAINT [FK_Cases_Teams_TeamId] FOREIGN KEY ([TeamId]) REFERENCES [Teams] ([Id]) ON DELETE NO ACTION
    );
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261207002818_Initial'
)
BEGIN
    CREATE TABLE [ComplaintForm] (
        [Id] int NOT NULL,
        [Enabled] bit NOT NULL,
        [TeamId] uniqueidentifier NULL,
        [UpdatedAt] datetimeoffset NOT NULL,
        CONSTRAINT [PK_ComplaintForm] PRIMARY KEY ([Id]),
        CONSTRAINT [FK_ComplaintForm_Teams_TeamId] FOREIGN KEY ([TeamId]) REFERENCES [Teams] ([Id]) ON DELETE SET NULL
    );
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261207002818_Initial'
)
BEGIN
    CREATE TABLE [SavedReplies] (
        [Id] uniqueidentifier NOT NULL,
        [TeamId] uniqueidentifier NOT NULL,
        [Title] nvarchar(100) NOT NULL,
        [NormalizedTitle] nvarchar(100) NOT NULL,
        [Text] nvarchar(4000) NOT NULL,
        [CreatedAt] datetimeoffset NOT NULL,
        [UpdatedAt] datetimeoffset NOT NULL,
        CONSTRAINT [PK_SavedReplies] PRIMARY KEY ([Id]),
        CONSTRAINT [FK_SavedReplies_Teams_TeamId] FOREIGN KEY ([TeamId]) REFERENCES [Teams] ([Id]) ON DELETE CASCADE
    );
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261207002818_Initial'
)
BEGIN
    CREATE TABLE [TeamMailboxes] (
        [TeamId] uniqueidentifier NOT NULL,
        [Host] nvarchar(255) NOT NULL,
        [Port] int NOT NULL,
        [Security] nvarchar(10) NOT NULL,
        [User] nvarchar(254) NOT NULL,
        [ProtectedPassword] varchar(2000) NOT NULL,
        [Folder] nvarchar(200) NOT NULL,
        [Processed] nvarchar(10) NOT NULL,
        [MoveTo] nvarchar(200) NULL,
        [Enabled] bit NOT NULL,
        [Revision] int NOT NULL,
        [UpdatedAt] datetimeoffset NOT NULL,
        CONSTRAINT [PK_TeamMailboxes] PRIMARY KEY ([TeamId]),
        CONSTRAINT [FK_TeamMailboxes_Teams_TeamId] FOREIGN KEY ([TeamId]) REFERENCES [Teams] ([Id]) ON DELETE CASCADE
    );
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261207002818_Initial'
)
BEGIN
    CREATE TABLE [TeamMailSettings] (
        [TeamId] uniqueidentifier NOT NULL,
        [SenderName] nvarchar(200) NOT NULL,
        [SenderAddress] nvarchar(254) NOT NULL,
        [ReplyTo] nvarchar(254) NULL,
        [UpdatedAt] datetimeoffset NOT NULL,
        CONSTRAINT [PK_TeamMailSettings] PRIMARY KEY ([TeamId]),
        CONSTRAINT [FK_TeamMailSettings_Teams_TeamId] FOREIGN KEY ([TeamId]) REFERENCES [Teams] ([Id]) ON DELETE CASCADE
    );
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261207002818_Initial'
)
BEGIN
    CREATE TABLE [TeamMailTemplates] (
        [TeamId] uniqueidentifier NOT NULL,
        [Kind] nvarchar(30) NOT NULL,
        [Subject] nvarchar(200) NOT NULL,
        [Body] nvarchar(max) NOT NULL,
        [UpdatedAt] datetimeoffset NOT NULL,
        CONSTRAINT [PK_TeamMailTemplates] PRIMARY KEY ([TeamId], [Kind]),
        CONSTRAINT [FK_TeamMailTemplates_Teams_TeamId] FOREIGN KEY ([TeamId]) REFERENCES [Teams] ([Id]) ON DELETE CASCADE
    );
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261207002818_Initial'
)
BEGIN
    CREATE TABLE [TeamMemberships] (
        [TeamId] uniqueidentifier NOT NULL,
        [StaffId] uniqueidentifier NOT NULL,
        CONSTRAINT [PK_TeamMemberships] PRIMARY KEY ([TeamId], [StaffId]),
        CONSTRAINT [FK_TeamMemberships_AspNetUsers_StaffId] FOREIGN KEY ([StaffId]) REFERENCES [AspNetUsers] ([Id]) ON DELETE CASCADE,
        CONSTRAINT [FK_TeamMemberships_Teams_TeamId] FOREIGN KEY ([TeamId]) REFERENCES [Teams] ([Id]) ON DELETE CASCADE
    );
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261207002818_Initial'
)
BEGIN
    CREATE TABLE [TeamSlaSettings] (
        [TeamId] uniqueidentifier NOT NULL,
        [PolicyJson] nvarchar(max) NOT NULL,
        [CalendarJson] nvarchar(max) NOT NULL,
        [UpdatedAt] datetimeoffset NOT NULL,
        CONSTRAINT [PK_TeamSlaSettings] PRIMARY KEY ([TeamId]),
        CONSTRAINT [FK_TeamSlaSettings_Teams_TeamId] FOREIGN KEY ([TeamId]) REFERENCES [Teams] ([Id]) ON DELETE CASCADE
    );
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261207002818_Initial'
)
BEGIN
    CREATE TABLE [CaseClocks] (
        [Id] uniqueidentifier NOT NULL,
        [CaseId] uniqueidentifier NOT NULL,
        [Kind] nvarchar(20) NOT NULL,
        [StartedAt] datetimeoffset NOT NULL,
        [Target] bigint NOT NULL,
        [PausedBusinessTime] bigint NOT NULL,
        [DueAt] datetimeoffset NOT NULL,
        [WarnAt] datetimeoffset NOT NULL,
        [MetAt] datetimeoffset NULL,
        [WarnedAt] datetimeoffset NULL,
        [BreachedAt] datetimeoffset NULL,
        [EscalationLevel] int NOT NULL,
        [NextEscalationAt] datetimeoffset NULL,
        CONSTRAINT [PK_CaseClocks] PRIMARY KEY ([Id]),
        CONSTRAINT [FK_CaseClocks_Cases_CaseId] FOREIGN KEY ([CaseId]) REFERENCES [Cases] ([Id]) ON DELETE CASCADE
    );
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261207002818_Initial'
)
BEGIN
    CREATE TABLE [CaseSearchWords] (
        [CaseId] uniqueidentifier NOT NULL,
        [Word] nvarchar(40) COLLATE Latin1_General_100_BIN2 NOT NULL,
        CONSTRAINT [PK_CaseSearchWords] PRIMARY KEY ([CaseId], [Word]),
        CONSTRAINT [FK_CaseSearchWords_Cases_CaseId] FOREIGN KEY ([CaseId]) REFERENCES [Cases] ([Id]) ON DELETE CASCADE
    );
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261207002818_Initial'
)
BEGIN
    CREATE TABLE [CustomerMails] (
        [Id] uniqueidentifier NOT NULL,
        [CaseId] uniqueidentifier NOT NULL,
        [CaseVersion] int NOT NULL,
        [Kind] nvarchar(30) NOT NULL,
        [IsUpdate] bit NOT NULL,
        [MessageId] varchar(300) NOT NULL,
        [ThreadId] varchar(300) NOT NULL,
        [ToName] nvarchar(200) NOT NULL,
        [ToAddress] nvarchar(254) NOT NULL,
        [FromName] nvarchar(200) NOT NULL,
        [FromAddress] nvarchar(254) NOT NULL,
        [ReplyTo] nvarchar(254) NULL,
        [Subject] nvarchar(400) NOT NULL,
        [TextBody] nvarchar(max) NOT NULL,
        [HtmlBody] nvarchar(max) NOT NULL,
        [State] nvarchar(10) NOT NULL,
        [Attempts] int NOT NULL,
        [CreatedAt] datetimeoffset NOT NULL,
        [NextAttemptAt] datetimeoffset NOT NULL,
        [SentAt] datetimeoffset NULL,
        [ProtectedAccessCode] varchar(1000) NULL,
        [LastError] nvarchar(1000) NULL,
        [LeaseOwner] uniqueidentifier NULL,
        [LeaseUntil] datetimeoffset NULL,
        CONSTRAINT [PK_CustomerMails] PRIMARY KEY ([Id]),
        CONSTRAINT [FK_CustomerMails_Cases_CaseId] FOREIGN KEY ([CaseId]) REFERENCES [Cases] ([Id]) ON DELETE CASCADE
    );
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261207002818_Initial'
)
BEGIN
    CREATE TABLE [Feedback] (
        [Id] uniqueidentifier NOT NULL,
        [CaseId] uniqueidentifier NOT NULL,
        [Resolution] int NOT NULL,
        [TeamId] uniqueidentifier NOT NULL,
        [OwnerId] uniqueidentifier NULL,
        [Comment] nvarchar(4000) NULL,
        [AnsweredAt] datetimeoffset NOT NULL,
        [FollowUpCaseId] uniqueidentifier NULL,
        [BuyAgain] nvarchar(10) NOT NULL,
        [Recommend] int NOT NULL,
        [Satisfaction] int NOT NULL,
        CONSTRAINT [PK_Feedback] PRIMARY KEY ([Id]),
        CONSTRAINT [FK_Feedback_Cases_CaseId] FOREIGN KEY ([CaseId]) REFERENCES [Cases] ([Id]) ON DELETE CASCADE,
        CONSTRAINT [FK_Feedback_Cases_FollowUpCaseId] FOREIGN KEY ([FollowUpCaseId]) REFERENCES [Cases] ([Id]) ON DELETE NO ACTION
    );
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261207002818_Initial'
)
BEGIN
    CREATE TABLE [Handoffs] (
        [Id] uniqueidentifier NOT NULL,
        [CaseId] uniqueidentifier NOT NULL,
        [Kind] nvarchar(20) NOT NULL DEFAULT N'Colleague',
        [FromAgentId] uniqueidentifier NULL,
        [FromAgentName] nvarchar(200) NOT NULL,
        [ToAgentId] uniqueidentifier NULL,
        [ToTeamId] uniqueidentifier NULL,
        [Note] nvarchar(max) NOT NULL,
        [OfferedAt] datetimeoffset NOT NULL,
        [ExpiresAt] datetimeoffset NOT NULL,
        [Status] nvarchar(20) NOT NULL,
        [AnsweredAt] datetimeoffset NULL,
        [AnsweredById] uniqueidentifier NULL,
        [AnsweredByName] nvarchar(200) NULL,
        [DeclineReason] nvarchar(2000) NULL,
        CONSTRAINT [PK_Handoffs] PRIMARY KEY ([Id]),
        CONSTRAINT [FK_Handoffs_Cases_CaseId] FOREIGN KEY ([CaseId]) REFERENCES [Cases] ([Id]) ON DELETE CASCADE
    );
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261207002818_Initial'
)
BEGIN
    CREATE TABLE [InboundMails] (
        [Id] uniqueidentifier NOT NULL,
        [Source] varchar(60) NOT NULL,
        [UidValidity] bigint NOT NULL,
        [Uid] bigint NOT NULL,
        [MessageId] nvarchar(300) NULL,
        [FromAddress] nvarchar(254) NOT NULL,
        [Subject] nvarchar(400) NOT NULL,
        [Outcome] nvarchar(20) NOT NULL,
        [Note] nvarchar(400) NULL,
        [CaseId] uniqueidentifier NULL,
        [ReceivedAt] datetimeoffset NOT NULL,
        [Raw] varbinary(max) NOT NULL,
        CONSTRAINT [PK_InboundMails] PRIMARY KEY ([Id]),
        CONSTRAINT [FK_InboundMails_Cases_CaseId] FOREIGN KEY ([CaseId]) REFERENCES [Cases] ([Id]) ON DELETE CASCADE
    );
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261207002818_Initial'
)
BEGIN
    CREATE TABLE [Promises] (
        [Id] uniqueidentifier NOT NULL,
        [CaseId] uniqueidentifier NOT NULL,
        [Text] nvarchar(max) NOT NULL,
        [MadeAt] datetimeoffset NOT NULL,
        [DueAt] datetimeoffset NOT NULL,
        [OriginalDueAt] datetimeoffset NOT NULL,
        [MadeById] uniqueidentifier NOT NULL,
        [Status] nvarchar(20) NOT NULL,
        [SettledAt] datetimeoffset NULL,
        [RemindAt] datetimeoffset NOT NULL,
        [RemindedAt] datetimeoffset NULL,
        CONSTRAINT [PK_Promises] PRIMARY KEY ([Id]),
        CONSTRAINT [FK_Promises_Cases_CaseId] FOREIGN KEY ([CaseId]) REFERENCES [Cases] ([Id]) ON DELETE CASCADE
    );
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261207002818_Initial'
)
BEGIN
    CREATE TABLE [TimelineEntries] (
        [Id] uniqueidentifier NOT NULL,
        [CaseId] uniqueidentifier NOT NULL,
        [CaseVersion] int NOT NULL,
        [At] datetimeoffset NOT NULL,
        [Kind] nvarchar(40) NOT NULL,
        [ActorId] uniqueidentifier NULL,
        [ActorName] nvarchar(200) NOT NULL,
        [ActorKind] nvarchar(20) NOT NULL,
        [Text] nvarchar(max) NOT NULL,
        [IsPublic] bit NOT NULL,
        [SubjectId] uniqueidentifier NULL,
        CONSTRAINT [PK_TimelineEntries] PRIMARY KEY ([Id]),
        CONSTRAINT [FK_TimelineEntries_Cases_CaseId] FOREIGN KEY ([CaseId]) REFERENCES [Cases] ([Id]) ON DELETE CASCADE
    );
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261207002818_Initial'
)
BEGIN
    CREATE TABLE [CaseAttachments] (
        [Id] uniqueidentifier NOT NULL,
        [CaseId] uniqueidentifier NOT NULL,
        [InboundMailId] uniqueidentifier NULL,
        [TimelineEntryId] uniqueidentifier NULL,
        [IsPublic] bit NOT NULL,
        [UploadedById] uniqueidentifier NULL,
        [FromCustomer] bit NOT NULL,
        [FileName] nvarchar(200) NOT NULL,
        [ContentType] varchar(100) NOT NULL,
        [Size] bigint NOT NULL,
        [Content] varbinary(max) NOT NULL,
        [At] datetimeoffset NOT NULL,
        CONSTRAINT [PK_CaseAttachments] PRIMARY KEY ([Id]),
        CONSTRAINT [FK_CaseAttachments_Cases_CaseId] FOREIGN KEY ([CaseId]) REFERENCES [Cases] ([Id]) ON DELETE CASCADE,
        CONSTRAINT [FK_CaseAttachments_InboundMails_InboundMailId] FOREIGN KEY ([InboundMailId]) REFERENCES [InboundMails] ([Id]) ON DELETE CASCADE
    );
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261207002818_Initial'
)
BEGIN
    IF EXISTS (SELECT * FROM [sys].[identity_columns] WHERE [name] IN (N'Name', N'ExpiresAt', N'Owner') AND [object_id] = OBJECT_ID(N'[OutboxLeases]'))
        SET IDENTITY_INSERT [OutboxLeases] ON;
    EXEC(N'INSERT INTO [OutboxLeases] ([Name], [ExpiresAt], [Owner])
    VALUES (''live'', ''2000-01-01T00:00:00.0000000+00:00'', '''')');
    IF EXISTS (SELECT * FROM [sys].[identity_columns] WHERE [name] IN (N'Name', N'ExpiresAt', N'Owner') AND [object_id] = OBJECT_ID(N'[OutboxLeases]'))
        SET IDENTITY_INSERT [OutboxLeases] OFF;
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261207002818_Initial'
)
BEGIN
    CREATE INDEX [IX_AspNetRoleClaims_RoleId] ON [AspNetRoleClaims] ([RoleId]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261207002818_Initial'
)
BEGIN
    EXEC(N'CREATE UNIQUE INDEX [RoleNameIndex] ON [AspNetRoles] ([NormalizedName]) WHERE [NormalizedName] IS NOT NULL');
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261207002818_Initial'
)
BEGIN
    CREATE INDEX [IX_AspNetUserClaims_UserId] ON [AspNetUserClaims] ([UserId]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261207002818_Initial'
)
BEGIN
    CREATE INDEX [IX_AspNetUserLogins_UserId] ON [AspNetUserLogins] ([UserId]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261207002818_Initial'
)
BEGIN
    CREATE INDEX [IX_AspNetUserRoles_RoleId] ON [AspNetUserRoles] ([RoleId]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261207002818_Initial'
)
BEGIN
    CREATE INDEX [EmailIndex] ON [AspNetUsers] ([NormalizedEmail]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261207002818_Initial'
)
BEGIN
    EXEC(N'CREATE UNIQUE INDEX [UserNameIndex] ON [AspNetUsers] ([NormalizedUserName]) WHERE [NormalizedUserName] IS NOT NULL');
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261207002818_Initial'
)
BEGIN
    CREATE INDEX [IX_AuditEntries_ActorId_At] ON [AuditEntries] ([ActorId], [At]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261207002818_Initial'
)
BEGIN
    CREATE INDEX [IX_AuditEntries_At] ON [AuditEntries] ([At]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261207002818_Initial'
)
BEGIN
    CREATE INDEX [IX_AuditEntries_What_At] ON [AuditEntries] ([What], [At]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261207002818_Initial'
)
BEGIN
    CREATE INDEX [IX_CaseAttachments_CaseId_InboundMailId] ON [CaseAttachments] ([CaseId], [InboundMailId]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261207002818_Initial'
)
BEGIN
    CREATE INDEX [IX_CaseAttachments_CaseId_TimelineEntryId] ON [CaseAttachments] ([CaseId], [TimelineEntryId]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261207002818_Initial'
)
BEGIN
    CREATE INDEX [IX_CaseAttachments_InboundMailId] ON [CaseAttachments] ([InboundMailId]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261207002818_Initial'
)
BEGIN
    EXEC(N'CREATE INDEX [IX_CaseClocks_AtRisk] ON [CaseClocks] ([DueAt]) WHERE "MetAt" IS NULL AND "WarnedAt" IS NOT NULL AND "BreachedAt" IS NULL');
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261207002818_Initial'
)
BEGIN
    EXEC(N'CREATE INDEX [IX_CaseClocks_Breached] ON [CaseClocks] ([DueAt], [CaseId]) WHERE "MetAt" IS NULL AND "BreachedAt" IS NOT NULL');
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261207002818_Initial'
)
BEGIN
    CREATE UNIQUE INDEX [IX_CaseClocks_CaseId_Kind] ON [CaseClocks] ([CaseId], [Kind]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261207002818_Initial'
)
BEGIN
    CREATE INDEX [IX_Cases_CustomerEmailKey] ON [Cases] ([CustomerEmailKey]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261207002818_Initial'
)
BEGIN
    CREATE INDEX [IX_Cases_CustomerPhoneKey] ON [Cases] ([CustomerPhoneKey]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261207002818_Initial'
)
BEGIN
    CREATE INDEX [IX_Cases_FollowUp_Status] ON [Cases] ([FollowUp], [Status]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261207002818_Initial'
)
BEGIN
    CREATE INDEX [IX_Cases_LinkedCaseId] ON [Cases] ([LinkedCaseId]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261207002818_Initial'
)
BEGIN
    CREATE INDEX [IX_Cases_OfferDueAt] ON [Cases] ([OfferDueAt]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261207002818_Initial'
)
BEGIN
    CREATE INDEX [IX_Cases_OwnerId_Status_LastActivityAt] ON [Cases] ([OwnerId], [Status], [LastActivityAt]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261207002818_Initial'
)
BEGIN
    CREATE UNIQUE INDEX [IX_Cases_Reference] ON [Cases] ([Reference]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261207002818_Initial'
)
BEGIN
    CREATE INDEX [IX_Cases_Status_LastActivityAt_Id] ON [Cases] ([Status], [LastActivityAt], [Id]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261207002818_Initial'
)
BEGIN
    CREATE INDEX [IX_Cases_Status_NextDueAt_Id] ON [Cases] ([Status], [NextDueAt], [Id]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261207002818_Initial'
)
BEGIN
    CREATE INDEX [IX_Cases_Status_OpenedAt_Id] ON [Cases] ([Status], [OpenedAt], [Id]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261207002818_Initial'
)
BEGIN
    CREATE INDEX [IX_Cases_Status_Priority_OpenedAt_Id] ON [Cases] ([Status], [Priority], [OpenedAt], [Id]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261207002818_Initial'
)
BEGIN
    CREATE INDEX [IX_Cases_TeamId_Status_LastActivityAt_Id] ON [Cases] ([TeamId], [Status], [LastActivityAt], [Id]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261207002818_Initial'
)
BEGIN
    CREATE INDEX [IX_Cases_TeamId_Status_NextDueAt_Id] ON [Cases] ([TeamId], [Status], [NextDueAt], [Id]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261207002818_Initial'
)
BEGIN
    CREATE INDEX [IX_Cases_TeamId_Status_OpenedAt_Id] ON [Cases] ([TeamId], [Status], [OpenedAt], [Id]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261207002818_Initial'
)
BEGIN
    CREATE INDEX [IX_Cases_TeamId_Status_Priority_OpenedAt_Id] ON [Cases] ([TeamId], [Status], [Priority], [OpenedAt], [Id]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261207002818_Initial'
)
BEGIN
    CREATE INDEX [IX_CaseSearchWords_Word_CaseId] ON [CaseSearchWords] ([Word], [CaseId]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261207002818_Initial'
)
BEGIN
    CREATE INDEX [IX_ComplaintForm_TeamId] ON [ComplaintForm] ([TeamId]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261207002818_Initial'
)
BEGIN
    CREATE INDEX [IX_CustomerMails_CaseId_CreatedAt_CaseVersion] ON [CustomerMails] ([CaseId], [CreatedAt], [CaseVersion]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261207002818_Initial'
)
BEGIN
    CREATE UNIQUE INDEX [IX_CustomerMails_MessageId] ON [CustomerMails] ([MessageId]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261207002818_Initial'
)
BEGIN
    CREATE INDEX [IX_CustomerMails_State_NextAttemptAt] ON [CustomerMails] ([State], [NextAttemptAt]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261207002818_Initial'
)
BEGIN
    CREATE INDEX [IX_Feedback_AnsweredAt] ON [Feedback] ([AnsweredAt]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261207002818_Initial'
)
BEGIN
    CREATE UNIQUE INDEX [IX_Feedback_CaseId_Resolution] ON [Feedback] ([CaseId], [Resolution]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261207002818_Initial'
)
BEGIN
    CREATE INDEX [IX_Feedback_FollowUpCaseId] ON [Feedback] ([FollowUpCaseId]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261207002818_Initial'
)
BEGIN
    CREATE INDEX [IX_Feedback_TeamId_AnsweredAt] ON [Feedback] ([TeamId], [AnsweredAt]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261207002818_Initial'
)
BEGIN
    CREATE INDEX [IX_Handoffs_CaseId] ON [Handoffs] ([CaseId]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261207002818_Initial'
)
BEGIN
    CREATE INDEX [IX_Handoffs_Status_ToAgentId] ON [Handoffs] ([Status], [ToAgentId]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261207002818_Initial'
)
BEGIN
    CREATE INDEX [IX_Handoffs_Status_ToTeamId] ON [Handoffs] ([Status], [ToTeamId]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261207002818_Initial'
)
BEGIN
    CREATE INDEX [IX_IdempotencyRecords_CreatedAt] ON [IdempotencyRecords] ([CreatedAt]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261207002818_Initial'
)
BEGIN
    CREATE INDEX [IX_InboundMails_CaseId_ReceivedAt] ON [InboundMails] ([CaseId], [ReceivedAt]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261207002818_Initial'
)
BEGIN
    CREATE INDEX [IX_InboundMails_FromAddress_ReceivedAt] ON [InboundMails] ([FromAddress], [ReceivedAt]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261207002818_Initial'
)
BEGIN
    CREATE UNIQUE INDEX [IX_InboundMails_Source_UidValidity_Uid] ON [InboundMails] ([Source], [UidValidity], [Uid]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261207002818_Initial'
)
BEGIN
    CREATE INDEX [IX_OutboxMessages_DeliveredAt_Id] ON [OutboxMessages] ([DeliveredAt], [Id]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261207002818_Initial'
)
BEGIN
    CREATE INDEX [IX_Promises_CaseId] ON [Promises] ([CaseId]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261207002818_Initial'
)
BEGIN
    CREATE INDEX [IX_Promises_Status_DueAt] ON [Promises] ([Status], [DueAt]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261207002818_Initial'
)
BEGIN
    CREATE UNIQUE INDEX [IX_SavedReplies_TeamId_NormalizedTitle] ON [SavedReplies] ([TeamId], [NormalizedTitle]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261207002818_Initial'
)
BEGIN
    CREATE INDEX [IX_StaffSessions_StaffId] ON [StaffSessions] ([StaffId]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261207002818_Initial'
)
BEGIN
    CREATE INDEX [IX_TeamMemberships_StaffId] ON [TeamMemberships] ([StaffId]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261207002818_Initial'
)
BEGIN
    CREATE UNIQUE INDEX [IX_Teams_Name] ON [Teams] ([Name]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261207002818_Initial'
)
BEGIN
    CREATE INDEX [IX_TimelineEntries_CaseId_CaseVersion] ON [TimelineEntries] ([CaseId], [CaseVersion]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261207002818_Initial'
)
BEGIN
    INSERT INTO [__EFMigrationsHistory] ([MigrationId], [ProductVersion])
    VALUES (N'20261207002818_Initial', N'10.0.14');
END;

COMMIT;
GO

