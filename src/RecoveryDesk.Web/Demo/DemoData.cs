using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using RecoveryDesk.Application.Complaints;
using RecoveryDesk.Application.Persistence;
using RecoveryDesk.Application.SavedReplies;
using RecoveryDesk.Application.Staff;
using RecoveryDesk.Domain.Cases;
using RecoveryDesk.Domain.Staff;

namespace RecoveryDesk.Web.Demo;

/// <summary>
/// The demo desk, created once and only with --demo: two teams, the six sign-ins documented in the
/// README (one shared password), and about thirty cases in every state, written through the same
/// domain verbs as real work so their timelines read true.
/// </summary>
internal static class DemoData
{
    public const string Password = "Demo-Recovery-2026!";

    private static readonly (string Email, string Name, string Role, string[] Teams)[] People =
    [
        ("ava@demo.test", "Ava Thompson", StaffRoleNames.Agent, ["Front Line"]),
        ("ben@demo.test", "Ben Okafor", StaffRoleNames.Agent, ["Front Line"]),
        ("cara@demo.test", "Cara Lindqvist", StaffRoleNames.Agent, ["Front Line"]),
        ("dan@demo.test", "Dan Moreau", StaffRoleNames.Agent, ["Billing"]),
        ("sam@demo.test", "Sam Patel", StaffRoleNames.Supervisor, ["Front Line", "Billing"]),
        ("ada@demo.test", "Ada Nakamura", StaffRoleNames.Admin, []),
    ];

    private static readonly (string Customer, string Email, string Subject, string Description, Channel Channel, Priority Priority)[] Complaints =
    [
        ("Margaret Hill", "m.hill@example.com", "Charged twice for one order", "My card shows two payments of 84.50 for order 55102.", Channel.Phone, Priority.P2),
        ("Tom Becker", "tom.becker@example.com", "Delivery left in the rain", "The parcel was left outside and the contents are soaked.", Channel.Email, Priority.P3),
        ("Priya Raman", "priya.r@example.com", "Rude staff at the Leeds branch", "I was spoken to rudely when I asked about my repair.", Channel.InPerson, Priority.P2),
        ("Jonas Eriksen", "jonas@example.com", "Refund not received after 3 weeks", "You confirmed the refund on the 2nd but nothing arrived.", Channel.Web, Priority.P1),
        ("Aisha Bello", "aisha.bello@example.com", "Wrong size sent twice", "I ordered a size 10 and have now received a 14 twice.", Channel.Email, Priority.P3),
        ("Gordon Fraser", "g.fraser@example.com", "Engineer did not turn up", "I took a day off work and nobody came or called.", Channel.Phone, Priority.P1),
        ("Lucia Moreno", "lucia.moreno@example.com", "App keeps logging me out", "Since the update I cannot stay signed in for more than a minute.", Channel.Web, Priority.P4),
        ("Hannah Schulz", "hannah.s@example.com", "Voucher not accepted", "The birthday voucher you sent me is rejected at checkout.", Channel.Email, Priority.P4),
        ("Kwame Mensah", "kwame@example.com", "Broken item in gift box", "The glass in the gift set was shattered on arrival.", Channel.Phone, Priority.P3),
        ("Olivia Grant", "olivia.grant@example.com", "Direct debit taken early", "The payment left my account five days before the agreed date.", Channel.Phone, Priority.P2),
        ("Ravi Kapoor", "ravi.k@example.com", "Promised callback never came", "I was told someone would call me back yesterday afternoon.", Channel.Phone, Priority.P2),
        ("Sofia Costa", "sofia.costa@example.com", "Missing items from grocery order", "Six items were missing but I was charged for all of them.", Channel.Web, Priority.P3),
        ("Daniel Novak", "d.novak@example.com", "Account closed without notice", "My loyalty account was closed and the points are gone.", Channel.Email, Priority.P2),
        ("Emily Walsh", "emily.walsh@example.com", "Long wait on the phone line", "I waited 55 minutes and was then cut off.", Channel.Phone, Priority.P4),
        ("Yusuf Demir", "yusuf.demir@example.com", "Warranty claim refused", "My two-year-old washing machine failed and the claim was refused.", Channel.Email, Priority.P2),
        ("Grace Liu", "grace.liu@example.com", "Invoice address wrong", "Invoices keep going to my old address despite the change.", Channel.Web, Priority.P4),
        ("Peter Quinn", "peter.quinn@example.com", "Damaged sofa delivered", "The sofa arrived with a torn cushion and a scratched leg.", Channel.Phone, Priority.P2),
        ("Nadia Haddad", "nadia.h@example.com", "Subscription renewed after cancelling", "I cancelled in March and was charged again in April.", Channel.Email, Priority.P2),
        ("Liam O'Brien", "liam.obrien@example.com", "Click and collect order not ready", "I came at the time given and the order was not there.", Channel.InPerson, Priority.P3),
        ("Mei Tanaka", "mei.tanaka@example.com", "Late fee applied in error", "I paid on time but a late fee was added.", Channel.Web, Priority.P3),
        ("Samuel Adeyemi", "sam.adeyemi@example.com", "Repair took six weeks", "My laptop repair was promised in one week.", Channel.Email, Priority.P3),
        ("Chloe Martin", "chloe.martin@example.com", "Online chat closed my question", "The chat ended before anyone answered.", Channel.Web, Priority.P4),
        ("Viktor Petrov", "v.petrov@example.com", "Overcharged for delivery", "I was charged express delivery but it came by standard post.", Channel.Email, Priority.P4),
        ("Isabel Ortiz", "isabel.ortiz@example.com", "Cold food delivered", "Our family dinner arrived cold and an hour late.", Channel.Phone, Priority.P3),
        ("George Palmer", "george.palmer@example.com", "Price match refused", "Your price match promise was not honoured in store.", Channel.InPerson, Priority.P3),
        ("Fatima Zahra", "fatima.z@example.com", "Personal data in wrong letter", "I received a letter containing another customer's details.", Channel.Email, Priority.P1),
        ("Noah Fischer", "noah.fischer@example.com", "Gift card balance disappeared", "My gift card showed 50.00 and now shows 0.00.", Channel.Web, Priority.P2),
        ("Ella Johansson", "ella.j@example.com", "Installation left a mess", "The installers left packaging and dust all over the kitchen.", Channel.Phone, Priority.P4),
        ("Omar Farouk", "omar.farouk@example.com", "Meter reading estimate too high", "My bill is based on an estimate three times my usage.", Channel.Email, Priority.P2),
        ("Zoe Clarke", "zoe.clarke@example.com", "Booking cancelled by mistake", "My table booking for the anniversary was cancelled without asking.", Channel.Phone, Priority.P2),
    ];

    /// <summary>Front Line's saved replies, one placeholder or more in each.</summary>
    private static readonly (string Title, string Text)[] SavedReplies =
    [
        ("Looking into it", "Dear {addressAs},\n\nThank you for your patience. I am looking into {reference} myself and will come back to you by {nextDueAt}.\n\n{ownerFirstName}"),
        ("Replacement on its way", "Dear {addressAs},\n\nA replacement is on its way to you. If it has not arrived by {nextDueAt}, reply here and I will chase the courier at once.\n\n{ownerFirstName}"),
        ("Need a photo", "Dear {addressAs},\n\nCould you send a photo of the damage? Reply to our email about {reference} with it attached; that lets me put this right faster.\n\n{ownerFirstName}"),
    ];

    public static async Task SeedAsync(IServiceProvider services, ILogger logger)
    {
        var db = services.GetRequiredService<RecoveryDeskDbContext>();
        if (await db.Users.AnyAsync(u => u.Email == People[0].Email))
        {
            return;
        }

        var users = services.GetRequiredService<UserManager<StaffMember>>();
        var work = services.GetRequiredService<UnitOfWork>();
        var now = services.GetRequiredService<TimeProvider>().GetUtcNow();
        var teams = new Dictionary<string, Guid>();
        foreach (var name in People.SelectMany(p => p.Teams).Distinct())
        {
            var existing = await db.Teams.SingleOrDefaultAsync(t => t.Name == name);
            var team = existing ?? new Team { Id = Guid.CreateVersion7(now), Name = name, CreatedAt = now };
            if (existing is null)
            {
                db.Teams.Add(team);
            }

            teams[name] = team.Id;
        }

        await work.CommitAsync();
        var actors = new Dictionary<string, Actor>();
        foreach (var (email, name, role, memberOf) in People)
        {
            var member = await StaffAccounts.CreateAsync(users, db, work, null, email, name, Password, [role], memberOf.Select(t => teams[t]), now);
            var roles = role == StaffRoleNames.Agent ? StaffRoles.Agent : role == StaffRoleNames.Supervisor ? StaffRoles.Supervisor | StaffRoles.Agent : StaffRoles.Admin;
            actors[email[..email.IndexOf('@', StringComparison.Ordinal)]] = Actor.Staff(member.Id, name, memberOf.Select(t => teams[t]), roles);
        }

        for (var i = 0; i < Complaints.Length; i++)
        {
            db.Cases.Add(Story(i, actors, teams, now));
        }

        // The web complaint form at /complain is open, into Front Line's queue, unless an admin set it already.
        if (!await db.Set<ComplaintForm>().AnyAsync())
        {
            db.Add(new ComplaintForm { Enabled = true, TeamId = teams["Front Line"], UpdatedAt = now });
        }

        foreach (var (title, text) in SavedReplies)
        {
            db.SavedReplies.Add(new SavedReply
            {
                Id = Guid.CreateVersion7(now),
                TeamId = teams["Front Line"],
                Title = title,
                NormalizedTitle = SavedReply.Normalize(title),
                Text = text,
                CreatedAt = now,
                UpdatedAt = now,
            });
        }

        await work.CommitAsync();
        logger.LogInformation("Demo desk ready: sign in as ava@demo.test (agent), sam@demo.test (supervisor) or ada@demo.test (admin) with password {Password}.", Password);
    }

    /// <summary>Walks complaint i through a plausible history ending in one of the desk's states.</summary>
    private static Case Story(int i, Dictionary<string, Actor> people, Dictionary<string, Guid> teams, DateTimeOffset now)
    {
        var (customer, email, subject, description, channel, priority) = Complaints[i];
        var billing = subject.Contains("Charged", StringComparison.Ordinal) || subject.Contains("Direct debit", StringComparison.Ordinal)
            || subject.Contains("fee", StringComparison.Ordinal) || subject.Contains("Invoice", StringComparison.Ordinal)
            || subject.Contains("Meter", StringComparison.Ordinal) || subject.Contains("renewed", StringComparison.Ordinal);
        var team = billing ? teams["Billing"] : teams["Front Line"];
        var agents = billing ? new[] { people["dan"] } : [people["ava"], people["ben"], people["cara"]];
        var owner = agents[i % agents.Length];
        var colleague = billing ? people["sam"] : agents[(i + 1) % agents.Length];
        var at = now - TimeSpan.FromHours(2 + (i * 3 % 40)) - TimeSpan.FromMinutes(i * 7 % 50);
        DateTimeOffset Next(int minutes) => at = at.AddMinutes(minutes);

        var @case = Case.Open(owner, new Customer(customer, email, null, i % 3 == 0 ? customer.Split(' ')[0] : null),
            subject, description, channel, null, priority, team, at, out _);
        var stage = i % 6;
        if (stage == 0)
        {
            return @case; // still in the queue
        }

        @case.Claim(owner, Next(12));
        @case.Reply(owner, $"I'm sorry about this. I'm looking into it now and will update you shortly.", Next(9));
        if (stage == 1)
        {
            @case.AddNote(owner, "Checked the order history; waiting for the warehouse to confirm.", Next(15));
            @case.MakePromise(owner, "Call the customer back with the warehouse's answer", now.AddHours(3 + (i % 5)), Next(2));
            return @case;
        }

        if (stage == 2)
        {
            @case.WaitOnCustomer(owner, Next(20));
            return @case;
        }

        if (stage == 3)
        {
            // Offered five minutes ago, so the offer is still waiting for an answer when the demo starts.
            @case.OfferHandoff(owner, colleague.Id, null, "Customer told we will fix it today; refund form is half filled in. Needs someone who can approve refunds.", now.AddMinutes(-5));
            return @case;
        }

        var promise = @case.MakePromise(owner, "Send the replacement by courier", at.AddHours(1), Next(3));
        @case.KeepPromise(owner, promise.Id, Next(40));
        @case.Resolve(owner, "Replacement delivered and a goodwill credit applied.", Next(10));
        if (stage == 5)
        {
            @case.Close(owner, Next(30));
        }

        return @case;
    }
}
