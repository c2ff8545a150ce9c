namespace RecoveryDesk.Domain.Loyalty;

/// <summary>"Will you buy from us again?"</summary>
public enum BuyAgain
{
    Yes,
    NotSure,
    No,
}

/// <summary>
/// The three loyalty questions asked after a resolution: overall satisfaction (1-5), whether the customer
/// will buy again, and how likely they are to recommend us (0-10, the Net Promoter question).
/// </summary>
public sealed record LoyaltyAnswers
{
    public const int MinSatisfaction = 1;
    public const int MaxSatisfaction = 5;
    public const int MinRecommend = 0;
    public const int MaxRecommend = 10;

    public LoyaltyAnswers(int satisfaction, BuyAgain buyAgain, int recommend)
    {
        // The request validator already checks these; a bad value here is a programming error.
        ArgumentOutOfRangeException.ThrowIfLessThan(satisfaction, MinSatisfaction);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(satisfaction, MaxSatisfaction);
        ArgumentOutOfRangeException.ThrowIfLessThan(recommend, MinRecommend);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(recommend, MaxRecommend);
        if (!Enum.IsDefined(buyAgain))
        {
            throw new ArgumentOutOfRangeException(nameof(buyAgain), buyAgain, "Yes, NotSure or No.");
        }

        Satisfaction = satisfaction;
        BuyAgain = buyAgain;
        Recommend = recommend;
    }

    public int Satisfaction { get; private init; }

    public BuyAgain BuyAgain { get; private init; }

    public int Recommend { get; private init; }

    /// <summary>
    /// An unhappy answer on any of the three questions: it is a new complaint and opens a follow-up
    /// recovery case at once.
    /// </summary>
    public bool IsDetractor => Recommend <= 6 || Satisfaction <= 2 || BuyAgain == BuyAgain.No;

    /// <summary>Net Promoter: 9 or 10 on the recommend question.</summary>
    public bool IsPromoter => Recommend >= 9;

    /// <summary>Net Promoter's detractor: 0 to 6 on the recommend question alone (the NPS arithmetic uses this one).</summary>
    public bool IsNpsDetractor => Recommend <= 6;

    /// <summary>CSAT counts 4 and 5 as satisfied.</summary>
    public bool IsSatisfied => Satisfaction >= 4;

    /// <summary>The loyalty goal: the best answer on all three questions.</summary>
    public bool IsTopBox => Satisfaction == MaxSatisfaction && BuyAgain == BuyAgain.Yes && Recommend >= 9;

    public string Describe() =>
        $"Satisfaction {Satisfaction}/5; buy again: {BuyAgain switch { BuyAgain.Yes => "yes", BuyAgain.NotSure => "not sure", _ => "no" }}; recommend {Recommend}/10.";
}
