namespace RecoveryDesk.Domain.Loyalty;

/// <summary>
/// The loyalty figures of a set of answers. Percentages are 0-100; NPS is promoters % minus NPS
/// detractors % (-100 to 100). Everything is null when there are no answers.
/// </summary>
public sealed record LoyaltyScore(
    int Responses,
    double? MeanSatisfaction,
    double? SatisfiedPercent,
    double? PromotersPercent,
    double? DetractorsPercent,
    double? Nps,
    double? TopBoxPercent)
{
    public static LoyaltyScore Of(IEnumerable<LoyaltyAnswers> answers)
    {
        ArgumentNullException.ThrowIfNull(answers);
        var all = answers.ToList();
        if (all.Count == 0)
        {
            return new LoyaltyScore(0, null, null, null, null, null, null);
        }

        double Percent(Func<LoyaltyAnswers, bool> rule) => 100.0 * all.Count(rule) / all.Count;
        var promoters = Percent(a => a.IsPromoter);
        var detractors = Percent(a => a.IsNpsDetractor);
        return new LoyaltyScore(
            all.Count,
            all.Average(a => a.Satisfaction),
            Percent(a => a.IsSatisfied),
            promoters,
            detractors,
            promoters - detractors,
            Percent(a => a.IsTopBox));
    }
}
