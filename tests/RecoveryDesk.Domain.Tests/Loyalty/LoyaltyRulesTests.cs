using RecoveryDesk.Domain.Loyalty;

namespace RecoveryDesk.Domain.Tests.Loyalty;

public sealed class LoyaltyRulesTests
{
    [TestCase(5, BuyAgain.Yes, 7, false, TestName = "Detractor_Recommend7_IsNot")]
    [TestCase(5, BuyAgain.Yes, 6, true, TestName = "Detractor_Recommend6_Is")]
    [TestCase(5, BuyAgain.Yes, 0, true, TestName = "Detractor_Recommend0_Is")]
    [TestCase(3, BuyAgain.NotSure, 8, false, TestName = "Detractor_Satisfaction3_IsNot")]
    [TestCase(2, BuyAgain.Yes, 10, true, TestName = "Detractor_Satisfaction2_Is")]
    [TestCase(1, BuyAgain.Yes, 10, true, TestName = "Detractor_Satisfaction1_Is")]
    [TestCase(5, BuyAgain.No, 10, true, TestName = "Detractor_WillNotBuyAgain_Is")]
    [TestCase(5, BuyAgain.NotSure, 10, false, TestName = "Detractor_NotSureAboutBuyingAgain_IsNot")]
    public void Detractor_AnyUnhappyAnswer_OpensARecovery(int satisfaction, BuyAgain buyAgain, int recommend, bool detractor) =>
        Assert.That(new LoyaltyAnswers(satisfaction, buyAgain, recommend).IsDetractor, Is.EqualTo(detractor));

    [TestCase(10, true)]
    [TestCase(9, true)]
    [TestCase(8, false)]
    [TestCase(0, false)]
    public void Promoter_RecommendNineOrTen_Only(int recommend, bool promoter) =>
        Assert.That(new LoyaltyAnswers(3, BuyAgain.NotSure, recommend).IsPromoter, Is.EqualTo(promoter));

    [TestCase(5, BuyAgain.Yes, 9, true, TestName = "TopBox_AllTop_Is")]
    [TestCase(5, BuyAgain.Yes, 10, true, TestName = "TopBox_AllTopRecommend10_Is")]
    [TestCase(4, BuyAgain.Yes, 10, false, TestName = "TopBox_Satisfaction4_IsNot")]
    [TestCase(5, BuyAgain.NotSure, 10, false, TestName = "TopBox_NotSure_IsNot")]
    [TestCase(5, BuyAgain.Yes, 8, false, TestName = "TopBox_Recommend8_IsNot")]
    public void TopBox_NeedsTheBestAnswerOnAllThree(int satisfaction, BuyAgain buyAgain, int recommend, bool topBox) =>
        Assert.That(new LoyaltyAnswers(satisfaction, buyAgain, recommend).IsTopBox, Is.EqualTo(topBox));

    [Test]
    public void Promoter_WhoWillNotBuyAgain_IsStillADetractorToRecover()
    {
        var answers = new LoyaltyAnswers(5, BuyAgain.No, 10);
        Assert.Multiple(() =>
        {
            Assert.That(answers.IsPromoter, Is.True, "NPS counts the recommend question alone");
            Assert.That(answers.IsNpsDetractor, Is.False);
            Assert.That(answers.IsDetractor, Is.True, "but any unhappy answer is acted on");
        });
    }

    [TestCase(0, BuyAgain.Yes, 5)]
    [TestCase(6, BuyAgain.Yes, 5)]
    [TestCase(3, BuyAgain.Yes, -1)]
    [TestCase(3, BuyAgain.Yes, 11)]
    [TestCase(3, (BuyAgain)7, 5)]
    public void Answers_OutOfRange_AreRefused(int satisfaction, BuyAgain buyAgain, int recommend) =>
        Assert.That(() => new LoyaltyAnswers(satisfaction, buyAgain, recommend), Throws.InstanceOf<ArgumentOutOfRangeException>());

    [Test]
    public void Score_KnownAnswers_GivesNpsCsatAndTopBox()
    {
        var score = LoyaltyScore.Of(
        [
            new LoyaltyAnswers(5, BuyAgain.Yes, 10), // promoter, top box
            new LoyaltyAnswers(5, BuyAgain.Yes, 9), // promoter, top box
            new LoyaltyAnswers(4, BuyAgain.NotSure, 7), // passive
            new LoyaltyAnswers(2, BuyAgain.No, 3), // detractor
        ]);
        Assert.Multiple(() =>
        {
            Assert.That(score.Responses, Is.EqualTo(4));
            Assert.That(score.MeanSatisfaction, Is.EqualTo(4.0));
            Assert.That(score.SatisfiedPercent, Is.EqualTo(75.0));
            Assert.That(score.PromotersPercent, Is.EqualTo(50.0));
            Assert.That(score.DetractorsPercent, Is.EqualTo(25.0));
            Assert.That(score.Nps, Is.EqualTo(25.0));
            Assert.That(score.TopBoxPercent, Is.EqualTo(50.0));
        });
    }

    [Test]
    public void Score_NoAnswers_HasNoFigures()
    {
        var score = LoyaltyScore.Of([]);
        Assert.Multiple(() =>
        {
            Assert.That(score.Responses, Is.Zero);
            Assert.That(score.Nps, Is.Null);
            Assert.That(score.MeanSatisfaction, Is.Null);
            Assert.That(score.TopBoxPercent, Is.Null);
        });
    }
}
