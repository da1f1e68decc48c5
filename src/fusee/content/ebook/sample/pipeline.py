"""The sample ebook's last three chapters: from an engaged contact to pipeline.

Scoring that sales trusts, the hand-over from qualified lead to meeting, and measuring what
reaches the pipeline; in the same shape as the first three chapters (see `audience`).
"""

from __future__ import annotations

from ..draft import Chapter, KeyFigure, Paragraph, PullQuote, SubHeading, Takeaways

CHAPTERS = (
    Chapter(
        title="Scoring that sales trusts",
        blocks=(
            Paragraph(
                "Lead scoring has a bad reputation in many sales teams, and often deservedly. Points pile "
                "up for opening emails, a contact who reads the careers page becomes a hot lead, and the "
                "sales team learns to ignore the score altogether. We went through that phase, and it took "
                "a complete rebuild to win back the trust we had lost."
            ),
            Paragraph(
                "The rebuild started with a simple rule: every point must be explained by a deal. We took "
                "the two hundred opportunities of the previous year, looked at what their contacts had "
                "done in the ninety days before, and compared it with contacts who never became "
                "opportunities. Only the behaviours that really separated the two groups earned points."
            ),
            SubHeading("Fit and behaviour, kept apart"),
            Paragraph(
                "We split the score in two. The fit score says whether the company and the person match "
                "the kind of customer we serve well: size, industry, country, role. The behaviour score "
                "says whether they are showing interest right now. A contact needs both to reach sales. A "
                "perfect fit who has done nothing for a year is not a lead; an enthusiastic student is not "
                "one either."
            ),
            Paragraph(
                "Behaviour points also fade. A pricing page visit from last week means something; the same "
                "visit from last year means very little. We let behaviour points decay with time, so that "
                "a contact who stops engaging slowly returns to nurturing instead of staying at the top of "
                "a salesperson's list forever."
            ),
            PullQuote(
                "Every point in the score must be explained by a deal, or it goes.", "Our scoring rule"
            ),
            SubHeading("Agree the threshold with sales, then review it"),
            Paragraph(
                "The threshold at which a contact becomes a marketing qualified lead was set together with "
                "the sales managers, in a meeting where they could see which past deals each possible "
                "threshold would have caught. We chose a level that caught four deals in five and sent "
                "sales a number of leads they could call within two days."
            ),
            Paragraph(
                "Then we reviewed it every quarter. Each review looked at the leads sales had rejected and "
                "asked why. Twice, the answer revealed a behaviour that scored too high; once, it showed "
                "that a whole industry had become a poor fit. The score changed, and the change was "
                "written down with its reason so nobody had to guess later."
            ),
            KeyFigure(
                "72 %",
                "of marketing qualified leads accepted by sales after the rebuild, against 31 % before",
            ),
            Paragraph(
                "Trust came back slowly, one accepted lead at a time. What convinced the sales team was "
                "not the model but its transparency. Any salesperson could open a contact, see the five "
                "behaviours that had made the score, and judge for themselves. When they disagreed, they "
                "said so, and the next review took it into account."
            ),
            Paragraph(
                "We resisted the temptation to add more signals every time a new tool offered them. Intent "
                "data, website visitor identification and social engagement all promised better scores. We "
                "tested each one against the same question as the others: did it separate past deals from "
                "the rest? Most did not, or only marginally, and they stayed out of the model."
            ),
            Paragraph(
                "Negative points turned out to be as useful as positive ones. Visiting the careers page, "
                "using a personal email address, working for a competitor or unsubscribing from every "
                "topic all lowered the score. These rules removed much of the noise that had made sales "
                "distrust the old model, and they were the easiest ones to explain."
            ),
            Takeaways(
                (
                    "Give points only to behaviours that separated past deals from the rest.",
                    "Keep a fit score and a behaviour score, and require both.",
                    "Let behaviour points decay so old interest does not look like new interest.",
                    "Set the threshold with sales and review rejected leads every quarter.",
                )
            ),
        ),
    ),
    Chapter(
        title="The hand-over: from qualified lead to meeting",
        blocks=(
            Paragraph(
                "The most expensive moment in our funnel was not the click or the download. It was the few "
                "days after a contact crossed the threshold, when marketing considered its job done and "
                "sales had not yet picked up the phone. Leads that waited more than five days converted at "
                "a fraction of the rate of those called within one."
            ),
            Paragraph(
                "We wrote the hand-over down as a service agreement between the two teams. Marketing "
                "promised leads that matched the agreed definition, with the context needed to open the "
                "conversation. Sales promised to contact every lead within two working days and to record "
                "the outcome, including the reason when a lead was rejected."
            ),
            SubHeading("Context travels with the lead"),
            Paragraph(
                "A name and a score are not enough to start a good conversation. Each hand-over carried "
                "the last three things the contact had done, the content they had read, the segment they "
                "belonged to and the questions they had asked in webinars. The salesperson could open with "
                "something relevant instead of asking whether the contact had received our email."
            ),
            Paragraph(
                "The notification went to the account owner directly, and to a shared queue when nobody "
                "owned the account. Nothing was sent by a weekly export that nobody opened. When a lead "
                "sat untouched for two days, the sales manager received a reminder, not as a reproach but "
                "because a cold lead costs the whole team."
            ),
            PullQuote(
                "A lead that waits a week is a lead we paid for twice: once to attract it, once to lose it."
            ),
            SubHeading("What happens when sales says not yet"),
            Paragraph(
                "Many good leads are simply early. The project is real but planned for next year, or the "
                "budget is not yet approved. We created an explicit path back: sales marks the lead as not "
                "yet with a date, and the contact returns to a dedicated nurturing track until that date "
                "approaches. Nothing is lost, and nobody is chased before they are ready."
            ),
            Paragraph(
                "Rejected leads returned too, with their reason. A contact rejected as a poor fit left the "
                "sales tracks for good. A contact rejected because they were a student or a competitor was "
                "excluded from scoring altogether. Each reason fed the next scoring review, which is how "
                "the model improved quarter after quarter."
            ),
            KeyFigure("2 days", "the longest a qualified lead may wait before a first call, by agreement"),
            Paragraph(
                "None of this needed sophisticated software at first. It needed the two teams to agree on "
                "definitions, to write them down, and to look at the same numbers every week. Tools made "
                "it faster and more reliable later, but the agreement came first, and without it the best "
                "tool would only have automated the misunderstanding."
            ),
            Paragraph(
                "We also learned to hand over fewer leads at first. In the first month after the new "
                "agreement, we set the threshold high on purpose and sent sales only the leads we were "
                "sure of. Their acceptance rate was excellent, confidence grew, and after two months sales "
                "asked us to lower the threshold. That request was worth more than any presentation we "
                "could have made."
            ),
            Paragraph(
                "Customers, finally, were kept out of the prospect hand-over entirely. An existing client "
                "who reads our pricing page is not a new lead; they may be preparing an expansion, or they "
                "may be unhappy. Those signals went to the account manager instead, with the same context "
                "and the same promise of a quick answer."
            ),
            Takeaways(
                (
                    "Write the hand-over as an agreement with promises on both sides.",
                    "Send the context with the lead: recent activity, content read, questions asked.",
                    "Give early leads a dated path back to nurturing instead of losing them.",
                    "Feed every rejection reason into the next scoring review.",
                )
            ),
        ),
    ),
    Chapter(
        title="Measure what reaches the pipeline",
        blocks=(
            Paragraph(
                "For years our monthly report opened with open rates and clicks. They were easy to "
                "collect, they went up when we sent more, and they said nothing about revenue. The day our "
                "chief executive asked how much pipeline nurturing had created, we could not answer, and "
                "that question changed the report for good."
            ),
            Paragraph(
                "We now follow a short chain of numbers, from top to bottom: contacts in nurturing, "
                "contacts who became qualified leads, leads accepted by sales, opportunities created, and "
                "the value of those opportunities. Each step has a conversion rate, and each rate has an "
                "owner who explains it when it moves."
            ),
            SubHeading("Attribution you can explain"),
            Paragraph(
                "We avoided complicated attribution models. An opportunity counts as influenced by "
                "nurturing when one of its contacts was in a nurturing track in the ninety days before it "
                "was created and engaged with at least one email. The rule is imperfect, but everyone "
                "understands it, and it stays stable enough to compare one quarter with the next."
            ),
            Paragraph(
                "We also kept a control group. A small random share of each new segment does not receive "
                "the sequence for its first three months. Comparing the two groups tells us what the "
                "sequence really adds, rather than what would have happened anyway. It costs a few leads "
                "each quarter and it ended many arguments before they began."
            ),
            PullQuote("Open rates go up when you send more. Pipeline goes up when you send better."),
            SubHeading("A weekly review, not a monthly report"),
            Paragraph(
                "The numbers are reviewed every week by marketing and sales together, in thirty minutes. "
                "We look at three things: the leads that waited too long, the sequences whose results "
                "fell, and one experiment to start or stop. A monthly report arrived too late to change "
                "anything; a weekly review changes something almost every time."
            ),
            Paragraph(
                "Experiments are small and written down before they start: what we change, what we expect, "
                "how we will know. A new subject style, a shorter sequence, a different sender. Most "
                "experiments fail, and that is fine as long as we stop them quickly and remember why they "
                "failed."
            ),
            Paragraph(
                "We also stopped celebrating volume. A month in which we sent twice as many emails was not "
                "a good month unless the pipeline followed. Once the weekly review showed the chain from "
                "contact to opportunity, the team naturally started asking a better question before each "
                "campaign: which number in the chain is this supposed to move, and by how much?"
            ),
            KeyFigure("38 %", "of new pipeline influenced by nurturing two years after the rebuild"),
            Paragraph(
                "Measured this way, nurturing stopped being a cost centre that sent newsletters and became "
                "one of the steadiest sources of pipeline in the company. Its results were less "
                "spectacular than a successful event, but they arrived every month, and the sales team "
                "planned around them."
            ),
            Paragraph(
                "Budget conversations changed as well. With a number that linked nurturing to pipeline, we "
                "could argue for more content, better tools and a second person on the programme in the "
                "language the finance team used. The discussion moved from how many emails we sent to how "
                "much pipeline each euro produced, and that is a discussion marketing can win."
            ),
            Paragraph(
                "The last lesson is about patience. Nurturing results lag behind the work by a full buying "
                "cycle. The sequences we wrote in January produced their first opportunities in the summer "
                "and their best results the following year. Teams that judge nurturing after one quarter "
                "give up just before it starts to pay."
            ),
            Takeaways(
                (
                    "Report the chain from nurturing to pipeline value, with an owner for each rate.",
                    "Use a simple attribution rule that everyone can explain.",
                    "Keep a small control group to see what the sequences really add.",
                    "Review weekly with sales and run small, written-down experiments.",
                )
            ),
        ),
    ),
)
