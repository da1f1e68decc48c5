"""A realistic ebook draft (~4,500 words, six chapters) for tests, benchmarks and the renderers' demo.

Written for the purpose, in the shape the writers produce: an introduction, chapters made of
sub-headings, paragraphs, a pull quote, a key figure and a takeaways box, then a conclusion and a
call to action.
"""

from __future__ import annotations

import struct
import zlib

from .draft import (
    Brand,
    CallToAction,
    Chapter,
    EbookDraft,
    KeyFigure,
    Paragraph,
    PullQuote,
    SubHeading,
    Takeaways,
)

PRIMARY = "#1f3a5f"
SECONDARY = "#e07a2f"


def logo_png(size: int = 96) -> bytes:
    """A round badge in the brand colours, as a real PNG made without an imaging library."""
    primary = bytes.fromhex(PRIMARY[1:])
    secondary = bytes.fromhex(SECONDARY[1:])
    centre, outer, inner = (size - 1) / 2, size / 2 - 1, size / 4
    rows = []
    for y in range(size):
        row = bytearray(b"\x00")  # filter type: none
        for x in range(size):
            distance = ((x - centre) ** 2 + (y - centre) ** 2) ** 0.5
            if distance <= inner:
                row += secondary + b"\xff"
            elif distance <= outer:
                row += primary + b"\xff"
            else:
                row += b"\x00\x00\x00\x00"
        rows.append(bytes(row))

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", size, size, 8, 6, 0, 0, 0)  # 8-bit RGBA
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(b"".join(rows), 9))
        + chunk(b"IEND", b"")
    )


def sample_draft(*, with_logo: bool = True) -> EbookDraft:
    return EbookDraft(
        title="Nurturing that sales trusts",
        subtitle="How a B2B scale-up turned 40,000 dormant contacts into a steady pipeline",
        language="en",
        author="The Fusée marketing team",
        brand=Brand(
            name="Fusée",
            primary_colour=PRIMARY,
            secondary_colour=SECONDARY,
            logo=logo_png() if with_logo else None,
            logo_mime="image/png" if with_logo else "",
        ),
        introduction=INTRODUCTION,
        chapters=CHAPTERS,
        conclusion=CONCLUSION,
        call_to_action=CallToAction(
            text="See how your own contact base would score: book a 30-minute pipeline review with our team.",
            url="https://example.com/pipeline-review",
            button="Book my pipeline review",
        ),
    )


INTRODUCTION = (
    "Four years ago our contact base held 40,000 names and produced almost nothing. Most of those people "
    "had downloaded a white paper once, attended half a webinar, or left a card at a trade show. Sales "
    "called the hottest of them within a week, heard that the timing was wrong, and never called again. "
    "The rest received the same monthly newsletter as everyone else, and slowly stopped opening it.",
    "Our buyers were not in a hurry. A mid-sized company choosing a platform like ours takes between three "
    "and twelve months to decide, and it involves four to seven people who never fill in a form at the "
    "same time. A contact who is not ready today may well be ready in May, and the question is whether "
    "they will remember us when May comes.",
    "This ebook tells how we rebuilt nurturing around that reality. It is not a theory of marketing "
    "automation: it is the set of decisions we made, in the order we made them, with the numbers that "
    "convinced our sales team to trust what marketing sent them. Each chapter ends with the points we "
    "would keep if we had to start again tomorrow.",
    "You do not need a large team to apply any of it. When we started, marketing was one person and a "
    "spreadsheet. What you need is a clear idea of what a sales-ready contact looks like, the discipline "
    "to send less and better, and a habit of measuring what reaches the pipeline rather than what gets "
    "clicked.",
    "The numbers quoted here are ours, from a software company selling to mid-sized European businesses. "
    "Yours will differ, and they should: a nurturing programme copied from another company's figures is "
    "just another calendar. What transfers is the method: find the moments that matter to your buyers, "
    "decide together with sales what a ready contact looks like, and let evidence rather than habit decide "
    "what you send.",
)


CHAPTERS = (
    Chapter(
        title="Start from the buying cycle, not the calendar",
        blocks=(
            Paragraph(
                "Most nurturing programmes are built backwards. Someone opens the editorial calendar, "
                "notices that nothing is planned for the second half of March, and writes an email to fill "
                "the gap. The contact receives it whether they are discovering the problem, comparing "
                "vendors or negotiating a contract. The message is right for nobody, so it works for "
                "nobody."
            ),
            Paragraph(
                "We started instead from the questions our buyers ask at each stage. We listened to thirty "
                "recorded sales calls, read two hundred support tickets from the first month of new "
                "customers, and interviewed six clients about the weeks before they signed. The same three "
                "moments came back every time: the moment they realise the problem costs them money, the "
                "moment they look for ways to solve it, and the moment they need to convince someone else."
            ),
            SubHeading("Three stages, three kinds of content"),
            Paragraph(
                "At the first stage, people want to understand. They read benchmarks, look for peers who "
                "had the same trouble and try to put a number on it. A product demonstration at that point "
                "is an interruption. What works is a short article, a calculator, a webinar that shows how "
                "other teams measured the same problem."
            ),
            Paragraph(
                "At the second stage, people compare approaches. They are not yet comparing vendors; they "
                "are deciding whether to build, buy or change a process. Guides, checklists and honest "
                "comparisons earn attention here, especially when they admit the cases where our own "
                "product is not the best answer."
            ),
            PullQuote(
                "A message that is right for everybody is right for nobody, so it works for nobody.",
                "Head of marketing, B2B SaaS",
            ),
            Paragraph(
                "At the third stage, the contact has to sell the project internally. This is the stage "
                "marketing forgets, and it is the one where deals die. Our champion needs a business case, "
                "answers for the finance director, a security questionnaire already filled in, and a clear "
                "plan for the first ninety days. Giving them that material is nurturing too."
            ),
            SubHeading("Map every asset before writing a single email"),
            Paragraph(
                "Before writing new emails, we listed every asset we already had and placed it on the "
                "three stages. The exercise was humbling: we had eleven pieces for the first stage, four "
                "for the second and none for the third. It explained why our contacts went quiet after a "
                "promising start. We had nothing to say to them once they were convinced."
            ),
            Paragraph(
                "We then filled the gaps, in that order of priority: the internal business case, a "
                "comparison of approaches written with two customers, and a checklist for the first three "
                "months. Those three assets were downloaded less than our popular guides, but the people "
                "who downloaded them signed far more often."
            ),
            KeyFigure("3 to 12 months", "between a first download and a signed contract in our market"),
            Paragraph(
                "Planning from the buying cycle also changes the rhythm. A contact at the first stage can "
                "receive an email every two weeks without feeling chased. A contact at the third stage "
                "needs help within days, and preferably from a person rather than from a sequence. The "
                "calendar still exists, but it serves the stages instead of dictating them."
            ),
            Paragraph(
                "One warning from experience: the stages are not a staircase that every buyer climbs in "
                "order. Some contacts arrive at the third stage on their first visit, sent by a colleague "
                "who has already done the research. Others go back to the first stage when a new director "
                "arrives and questions the whole project. The map is a guide to what a contact needs now, "
                "not a track they must follow from start to finish."
            ),
            Paragraph(
                "That is why we stopped thinking in terms of one long sequence per persona. We built short "
                "sequences of three to five emails, one per stage and situation, and let the contact's "
                "behaviour move them from one to the next. A long sequence assumes you know the future; a "
                "set of short ones lets you react to what the contact actually does."
            ),
            Takeaways(
                (
                    "List the questions buyers ask at each stage from real calls and tickets, not from the "
                    "product roadmap.",
                    "Place every existing asset on the stages before writing anything new.",
                    "Fill the stage where deals die first: the internal business case.",
                    "Let the stage set the rhythm of the emails, not the editorial calendar.",
                )
            ),
        ),
    ),
    Chapter(
        title="Segment by maturity, not by job title",
        blocks=(
            Paragraph(
                "Our first segmentation looked sensible on paper. We had one track for marketing managers, "
                "one for sales directors, one for chief executives, each with its own tone and examples. "
                "After six months the three tracks had the same open rate and the same, very low, rate of "
                "meetings. Job title told us who the person was, not what they needed."
            ),
            Paragraph(
                "We rebuilt the segments around maturity: how far the contact's company had gone in "
                "solving the problem. A company with no process at all, a company with a process that is "
                "breaking under growth, and a company replacing a tool that failed them: three situations "
                "that call for very different conversations, whatever the title on the business card."
            ),
            SubHeading("Reading maturity from behaviour"),
            Paragraph(
                "Nobody tells you their maturity in a form, and asking directly lowers conversion. We "
                "inferred it from what people did. Someone reading our article on choosing a first tool is "
                "rarely replacing one. Someone comparing migration guides and pricing pages twice in a "
                "week almost certainly is. Three or four signals were enough to place most contacts with "
                "reasonable confidence."
            ),
            Paragraph(
                "We kept the rules simple and visible, written in a way a salesperson could read: visited "
                "the migration guide, opened two emails about integrations, works in a company above two "
                "hundred people. Every segment could be explained in one sentence. When sales asked why a "
                "contact was in a segment, the answer fitted on a sticky note."
            ),
            PullQuote("Job title tells you who someone is. Behaviour tells you what they need this quarter."),
            Paragraph(
                "Title still mattered, but as a filter rather than as the main axis. A student reading "
                "every article was excluded from sales hand-overs, however engaged. A chief financial "
                "officer who appeared in a deal received the business case track, whatever their maturity "
                "score. The main segmentation, though, followed the company's situation."
            ),
            SubHeading("Static lists for events, dynamic segments for everything else"),
            Paragraph(
                "We learned to separate two kinds of groups. Lists are frozen: the people who attended a "
                "given webinar, the guests of a dinner, the contacts imported from a partner. Segments are "
                "living definitions that are recomputed every night. Mixing the two created most of our "
                "early errors, such as inviting customers to a prospect webinar because they had been "
                "placed on a list two years earlier."
            ),
            Paragraph(
                "The same discipline applied to events. After a trade show, we no longer imported every "
                "scanned badge into the same follow-up. Visitors who had a real conversation at the stand "
                "went to sales the next morning with notes; those who only picked up a brochure joined the "
                "first-stage track, and those who were already customers were left to their account "
                "manager."
            ),
            KeyFigure(
                "2.4x",
                "more meetings from maturity segments than from job-title tracks, same volume of email",
            ),
            Paragraph(
                "The switch did not increase our open rates much. What changed was the reply rate and the "
                "number of meetings. People answered emails that described their own situation, sometimes "
                "with a single line saying that this was exactly where they were. Those replies became the "
                "most valuable leads we ever passed to sales."
            ),
            Paragraph(
                "Maturity segments also made our content planning easier. Instead of guessing what each "
                "persona might like, we could see how many contacts sat in each situation and how fast "
                "they moved. When the segment of companies outgrowing their process doubled in a quarter, "
                "we knew where the next guide and the next webinar had to go, and sales knew which "
                "conversations to prepare for."
            ),
            Paragraph(
                "Finally, we gave each segment an owner in the marketing team. The owner read the replies, "
                "watched the numbers every week and proposed changes to the emails. Segments without an "
                "owner drift: their rules grow stale, their emails go out of date, and nobody notices "
                "until the results have already fallen for months."
            ),
            Takeaways(
                (
                    "Segment by the company's situation with the problem, not by the contact's title.",
                    "Infer maturity from three or four behaviours rather than asking for it in forms.",
                    "Write every segment rule so that a salesperson can read and challenge it.",
                    "Keep frozen lists for events and living segments for nurturing.",
                )
            ),
        ),
    ),
    Chapter(
        title="Write emails people answer",
        blocks=(
            Paragraph(
                "A nurturing email is not a newsletter in disguise. The best ones we sent read like a note "
                "from a colleague who knows the field: one idea, one example, one question. They were "
                "short enough to read on a phone between two meetings, and they ended with something a "
                "busy person could actually answer."
            ),
            Paragraph(
                "We stopped writing emails that promoted content and started writing emails that contained "
                "it. Instead of announcing a guide on forecasting, we put the most useful paragraph of "
                "that guide in the email itself and linked to the rest. Clicks dropped slightly. Replies "
                "and downloads of the full guide rose, because people had already received something of "
                "value."
            ),
            SubHeading("One sender, one voice"),
            Paragraph(
                "Every email in a sequence came from the same named person, usually a member of the "
                "marketing team with a real mailbox that someone read. Generic sender addresses were "
                "retired. Contacts replied to a person, and that person either answered or handed the "
                "conversation to the right salesperson within a day."
            ),
            Paragraph(
                "Tone followed the same rule. We wrote the way our best salespeople talk on the phone: "
                "direct, specific, a little informal, never breathless. Exclamation marks disappeared, and "
                "so did phrases like game changer or revolutionary. When we tested the new style against "
                "the old one on the same segment, the new style won on every measure we tracked."
            ),
            PullQuote("Put the most useful paragraph in the email itself, and link to the rest."),
            SubHeading("Personalise on situation, not on first name"),
            Paragraph(
                "Inserting a first name in the subject line stopped impressing anyone years ago. The "
                "personalisation that worked was the situation: the industry, the size of the team, the "
                "tool they were leaving, the stage of their project. One sentence that showed we "
                "understood their context did more than any merge field."
            ),
            Paragraph(
                "Languages mattered as well. A large share of our base worked in French, German or "
                "Spanish, and sending them English emails halved every result. We wrote each sequence in "
                "the languages of our main markets and let the contact's language choose the version, "
                "falling back to English only when we had no better information."
            ),
            Paragraph(
                "We reviewed every sequence once a quarter with fresh eyes, usually someone from sales or "
                "customer success who had not written it. They read the emails as a prospect would and "
                "marked every sentence that sounded like marketing. Those reviews cut more words than any "
                "editor, and the emails that came out of them were the ones that got answered."
            ),
            KeyFigure("41 %", "of our meetings in a year started with a reply to a nurturing email"),
            Paragraph(
                "Finally, we treated every email as a promise. If the subject said five questions, the "
                "email contained five questions. If a sequence announced four emails, the fourth was the "
                "last. Unsubscribe rates fell when people could see the end of a sequence, and trust grew "
                "when we did exactly what we had said."
            ),
            Paragraph(
                "Frequency deserves a word too. We had feared that fewer emails would mean fewer leads, "
                "and the opposite happened. Cutting the monthly newsletter for contacts in active "
                "sequences removed a third of our sends and none of our meetings. People who receive less "
                "from you read more of what you send, and they are far less likely to mark it as spam."
            ),
            Paragraph(
                "Deliverability followed. With fewer messages, fewer complaints and more replies, our "
                "emails reached the inbox more often, which in turn improved every other number. We also "
                "removed contacts who had not opened anything in a year from the active tracks, after one "
                "last email asking whether they wanted to stay. Most did not answer, and the list was "
                "healthier for it."
            ),
            Takeaways(
                (
                    "One idea, one example and one question per email, readable on a phone.",
                    "Give the value inside the email; link to the rest.",
                    "Send from a named person whose mailbox is read every day.",
                    "Personalise on the contact's situation and language, not on the first name.",
                )
            ),
        ),
    ),
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


CONCLUSION = (
    "None of the changes in this ebook is spectacular on its own. Planning from the buying cycle, "
    "segmenting by maturity, writing emails people answer, scoring on evidence, handing over with context "
    "and measuring pipeline rather than clicks: each is a small discipline. Together they turned a silent "
    "database into a source of pipeline that the whole company counts on.",
    "If you take only one idea away, take the agreement with sales. Every other improvement depended on "
    "the two teams sharing definitions, numbers and a weekly half hour. It costs nothing but attention, "
    "and it makes every tool you already own more useful.",
    "Start small. Pick one segment, one sequence and one number to move this quarter. Write down what you "
    "expect, look at the result every week, and keep what works. In a year, the contacts you are nurturing "
    "today will be the pipeline you are proud of.",
    "The hardest part will not be the software or the writing. It will be saying no: no to the extra "
    "newsletter, no to the segment nobody owns, no to the score that flatters marketing and annoys sales. "
    "Every programme in this ebook got better by removing something before it got better by adding "
    "something.",
)
