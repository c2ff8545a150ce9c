using RecoveryDesk.Domain.Cases;
using static RecoveryDesk.Domain.Tests.Cases.CaseBuilder;

namespace RecoveryDesk.Domain.Tests.Cases;

public sealed class ReferenceAndAccessCodeTests
{
    private const string ReferencePattern = "^RD-[23456789ABCDEFGHJKMNPQRSTVWXYZ]{6}$";
    private const string Base64UrlPattern = "^[A-Za-z0-9_-]+$";

    private static byte[] FromBase64Url(string code)
    {
        var base64 = code.Replace('-', '+').Replace('_', '/');
        return Convert.FromBase64String(base64.PadRight(base64.Length + ((4 - (base64.Length % 4)) % 4), '='));
    }

    // ---- Reference ----

    [Test]
    public void Open_Always_GivesAReferenceThatSurvivesBeingReadOut()
    {
        var desk = new CaseBuilder();

        var references = Enumerable.Range(0, 500).Select(_ => desk.Opened().Reference).ToList();

        Assert.That(references, Has.All.Match(ReferencePattern));
    }

    [Test]
    public void New_ManyReferences_UseOnlyTheUnambiguousAlphabet()
    {
        var references = Enumerable.Range(0, 5000).Select(_ => CaseReference.New()).ToList();

        var used = references.SelectMany(r => r[3..]).Distinct().Order().ToArray();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(references, Has.All.Match(ReferencePattern));
            Assert.That(new string(used), Is.EqualTo("23456789ABCDEFGHJKMNPQRSTVWXYZ"), "every character of the alphabet is drawn, and nothing else");
            Assert.That(references.Distinct().Count(), Is.GreaterThanOrEqualTo(4990), "references are drawn at random");
        }
    }

    [Test]
    public void Alphabet_LeavesOutLookAlikes()
    {
        Assert.That(CaseReference.Alphabet, Does.Not.Contain("0").And.Not.Contain("O").And.Not.Contain("1").And.Not.Contain("I").And.Not.Contain("L").And.Not.Contain("U"));
    }

    [Test]
    public void DrawNewReference_AfterCollision_GivesAnotherValidReference()
    {
        var desk = new CaseBuilder();
        var @case = desk.Opened();
        var drawn = new HashSet<string> { @case.Reference };

        for (var i = 0; i < 20; i++)
        {
            @case.DrawNewReference();
            drawn.Add(@case.Reference);
        }

        using (Assert.EnterMultipleScope())
        {
            Assert.That(@case.Reference, Does.Match(ReferencePattern));
            Assert.That(drawn, Has.Count.GreaterThan(1));
        }
    }

    [TestCase("rd 7k3q9f")]
    [TestCase("RD-7K3Q9F")]
    [TestCase("rd-7k3q9f")]
    [TestCase("RD7K3Q9F")]
    [TestCase("7k3q9f")]
    [TestCase("7K3 Q9F")]
    [TestCase("  RD 7K3 Q9F  ")]
    [TestCase("Rd-7K3q9F")]
    public void TryNormalize_AsAPersonMightTypeIt_GivesTheCanonicalReference(string typed)
    {
        var ok = CaseReference.TryNormalize(typed, out var reference);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(ok, Is.True);
            Assert.That(reference, Is.EqualTo("RD-7K3Q9F"));
        }
    }

    [Test]
    public void TryNormalize_AnyIssuedReference_RoundTrips()
    {
        var issued = Enumerable.Range(0, 200).Select(_ => CaseReference.New()).ToList();

        var normalised = issued.Select(r => CaseReference.TryNormalize(r.ToLowerInvariant().Replace("-", " ", StringComparison.Ordinal), out var n) ? n : null).ToList();

        Assert.That(normalised, Is.EqualTo(issued));
    }

    [TestCase(null)]
    [TestCase("")]
    [TestCase("   ")]
    [TestCase("RD-7K3Q9")]
    [TestCase("RD-7K3Q9F2")]
    [TestCase("RD-0K3Q9F")]
    [TestCase("RD-OK3Q9F")]
    [TestCase("RD-1K3Q9F")]
    [TestCase("RD-IK3Q9F")]
    [TestCase("RD-LK3Q9F")]
    [TestCase("RD-UK3Q9F")]
    [TestCase("RD_7K3Q9F")]
    [TestCase("XX-7K3Q9F")]
    [TestCase("RD-7K3Q9F-7K3Q9F-7K3")]
    [TestCase("RD-7K3Q9F; DROP TABLE")]
    public void TryNormalize_NotAReference_IsRejected(string? typed)
    {
        var ok = CaseReference.TryNormalize(typed, out var reference);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(ok, Is.False);
            Assert.That(reference, Is.Empty);
        }
    }

    // ---- Access code ----

    [Test]
    public void Open_Always_GivesAnAccessCodeOfAtLeast128Bits()
    {
        var desk = new CaseBuilder();
        desk.Opened();

        var code = desk.AccessCode;

        using (Assert.EnterMultipleScope())
        {
            Assert.That(code, Has.Length.GreaterThanOrEqualTo(22));
            Assert.That(code, Does.Match(Base64UrlPattern), "the code travels in a link, so it is URL-safe and unpadded");
            Assert.That(FromBase64Url(code), Has.Length.GreaterThanOrEqualTo(16));
        }
    }

    [Test]
    public void New_ManyAccessCodes_CarryAtLeast128RandomBits()
    {
        var codes = Enumerable.Range(0, 1000).Select(_ => AccessCode.New()).ToList();
        var bytes = codes.Select(FromBase64Url).ToList();
        var bitCount = bytes.Min(b => b.Length) * 8;

        var varyingBits = Enumerable.Range(0, bitCount)
            .Count(bit => bytes.Select(b => (b[bit / 8] >> (bit % 8)) & 1).Distinct().Count() == 2);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(codes.Distinct().Count(), Is.EqualTo(codes.Count));
            Assert.That(codes, Has.All.Match(Base64UrlPattern));
            Assert.That(varyingBits, Is.GreaterThanOrEqualTo(128), "every one of at least 128 bits takes both values across 1000 codes");
        }
    }

    [Test]
    public void Open_Always_StoresOnlyAHashOfTheAccessCode()
    {
        var desk = new CaseBuilder();
        var @case = desk.Opened();
        var code = desk.AccessCode;

        var storedText = typeof(Case).GetProperties()
            .Where(p => p.PropertyType == typeof(string))
            .Select(p => (string?)p.GetValue(@case) ?? string.Empty)
            .Concat(@case.Timeline.Select(e => e.Text))
            .Concat(@case.Events.Select(e => e.ToString()))
            .ToList();

        using (Assert.EnterMultipleScope())
        {
            Assert.That(@case.AccessCodeHash, Is.Not.Empty);
            Assert.That(@case.AccessCodeHash, Is.Not.EqualTo(code));
            Assert.That(storedText, Has.None.Contain(code), "nothing kept on the case reveals the code itself");
        }
    }

    [Test]
    public void Hash_SameCode_IsStableSoItCanBeCheckedLater()
    {
        var code = AccessCode.New();
        var storedWhenOpened = AccessCode.Hash(code);

        var checkedLater = AccessCode.Hash(code);

        Assert.That(checkedLater, Is.EqualTo(storedWhenOpened).And.Not.EqualTo(AccessCode.Hash(AccessCode.New())));
    }

    [Test]
    public void AccessCodeMatches_TheCodeHandedOut_IsAccepted()
    {
        var desk = new CaseBuilder();
        var @case = desk.Opened();

        Assert.That(@case.AccessCodeMatches(desk.AccessCode), Is.True);
    }

    [Test]
    public void AccessCodeMatches_AfterLifeOfTheCase_StillAccepted()
    {
        var desk = new CaseBuilder();
        var @case = desk.Opened();
        var code = desk.AccessCode;
        @case.Claim(Alice, desk.Now);
        @case.Resolve(Alice, "Done.", desk.Now);
        @case.DrawNewReference();

        Assert.That(@case.AccessCodeMatches(code), Is.True);
    }

    [Test]
    public void AccessCodeMatches_NullOrEmpty_IsRejected()
    {
        var desk = new CaseBuilder();
        var @case = desk.Opened();

        using (Assert.EnterMultipleScope())
        {
            Assert.That(@case.AccessCodeMatches(null), Is.False);
            Assert.That(@case.AccessCodeMatches(string.Empty), Is.False);
            Assert.That(@case.AccessCodeMatches("   "), Is.False);
        }
    }

    [Test]
    public void AccessCodeMatches_WrongOrAlteredCode_IsRejected()
    {
        var desk = new CaseBuilder();
        var @case = desk.Opened();
        var code = desk.AccessCode;
        var other = desk.Opened();
        var otherCode = desk.AccessCode;
        var flipped = code[0] == 'A' ? "B" + code[1..] : "A" + code[1..];

        using (Assert.EnterMultipleScope())
        {
            Assert.That(@case.AccessCodeMatches(otherCode), Is.False, "another case's code");
            Assert.That(other.AccessCodeMatches(code), Is.False);
            Assert.That(@case.AccessCodeMatches(flipped), Is.False, "one character changed");
            Assert.That(@case.AccessCodeMatches(code[..^1]), Is.False, "truncated");
            Assert.That(@case.AccessCodeMatches(code + "x"), Is.False, "extended");
            Assert.That(@case.AccessCodeMatches(" " + code), Is.False, "padded");
            Assert.That(@case.AccessCodeMatches(@case.AccessCodeHash), Is.False, "the stored hash is not a key");
            Assert.That(@case.AccessCodeMatches(@case.Reference), Is.False, "the reference alone is not enough");
        }
    }

    [Test]
    public void AccessCodeMatches_CodeWithCaseChanged_IsRejected()
    {
        var desk = new CaseBuilder();
        var @case = desk.Opened();
        var code = desk.AccessCode;
        var swapped = new string([.. code.Select(c => char.IsUpper(c) ? char.ToLowerInvariant(c) : char.ToUpperInvariant(c))]);
        Assume.That(swapped, Is.Not.EqualTo(code));

        Assert.That(@case.AccessCodeMatches(swapped), Is.False);
    }
}
