"""The sample ebook's first three chapters: whom to talk to, and how.

Planning from the buying cycle, segmenting by maturity rather than job title, and writing emails
people answer; each chapter made of sub-headings, paragraphs, a pull quote, a key figure and a
takeaways box, as the writers produce them.
"""

from __future__ import annotations

from ..draft import Chapter, KeyFigure, Paragraph, PullQuote, SubHeading, Takeaways

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
)
