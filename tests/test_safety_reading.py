"""How the urgent screen reads what a red flag's words are said of: a harm done
by accident or on purpose, a function or a symptom coming back, a stability
claim beside a checked symptom, a body part carried across a clause by a
pronoun, and a recent past that may still be going on. Each reading is tested
both ways: the emergency still alarms, the safe message does not."""

from __future__ import annotations

import pytest

from faq_bot import FaqBot


def _fired(bot: FaqBot, message: str) -> list[str]:
    return [rule.id for rule in bot.screen.matching(message)]


@pytest.mark.parametrize(
    ("message", "urgent"),
    [
        # Self-harm is a harm done on purpose or as a habit (NICE NG225): intent words, the
        # habit, or the means self-harm uses...
        ("I burned myself on purpose", True),
        ("I've been cutting myself", True),
        ("I keep burning myself to cope", True),
        ("i cut myself to feel something", True),
        # ...while one burn said plainly is an accident.
        ("I burned myself on the oven", False),
        ("I burnt myself on the kettle this morning", False),
    ],
)
def test_self_harm_needs_intent_or_habit(bot: FaqBot, message: str, urgent: bool) -> None:
    assert ("suicide-self-harm" in _fired(bot, message)) is urgent


@pytest.mark.parametrize(
    ("message", "urgent"),
    [
        # A function or ability that came back recovered...
        ("bladder control came back within days", False),
        ("the feeling in my groin came back after a day", False),
        ("I couldn't feel my bum after the op but the feeling came back within hours", False),
        # ...a symptom that came back relapsed, and so does a change after the recovery.
        ("the numbness in my groin came back today", True),
        ("my leg weakness came back this morning", True),
        ("the tingling feeling came back in my saddle area", True),
        ("bladder control came back but now I've wet myself", True),
    ],
)
def test_a_function_that_came_back_recovered(bot: FaqBot, message: str, urgent: bool) -> None:
    assert bool(_fired(bot, message)) is urgent


@pytest.mark.parametrize(
    ("message", "urgent"),
    [
        # A stability claim that opens with a denial ("no change") dates the symptom before it:
        # it adds to a long-standing, checked symptom, and takes nothing away from it...
        ("numb toes for 18 months, it's nerve damage, no change", False),
        ("numb toes for 18 months, it's nerve damage", False),
        # ...while what it denies still follows it, and a change said later still alarms.
        ("numb toes for 18 months, it's nerve damage, no change but today I wet myself", True),
        ("no change in my bladder control, I just can't pee at all", True),
    ],
)
def test_a_denied_change_dates_what_went_before(bot: FaqBot, message: str, urgent: bool) -> None:
    assert bool(_fired(bot, message)) is urgent


@pytest.mark.parametrize(
    ("message", "urgent"),
    [
        # Someone else's red flag in the last day, told in the past, may still be going on (NHS,
        # Chest pain): "last night", "this morning" say so even as words of a trigger...
        ("my husband had chest pain last night", True),
        ("my wife was short of breath this morning", True),
        # ...unless it is said to be over, long past, or told from elsewhere.
        ("my husband had chest pain last night, he's fine now and the GP checked him", False),
        ("my husband had chest pain last year", False),
        ("on the news last night a man collapsed", False),
    ],
)
def test_someone_elses_red_flag_in_the_last_day_is_current(bot: FaqBot, message: str, urgent: bool) -> None:
    assert bool(_fired(bot, message)) is urgent


@pytest.mark.parametrize(
    ("message", "urgent"),
    [
        # A pronoun that opens a clause carries the part named in the clause before it to the
        # sign said in its own, however long the first clause ran...
        ("my calf has been sore for 2 days and now it's swollen", True),
        ("my calf... it's hot and swollen", True),
        # ...but joins no clause it does not open, and carries no denied part.
        ("my calf is fine. it's hot today outside and my ankle is swollen", False),
        ("my calf has been sore for 2 days and now it's not swollen", False),
    ],
)
def test_a_pronoun_carries_a_part_into_its_clause(bot: FaqBot, message: str, urgent: bool) -> None:
    assert ("calf-clot" in _fired(bot, message)) is urgent


@pytest.mark.parametrize(
    ("message", "urgent"),
    [
        # A joke marker makes a joke of a hyperbole in its clause...
        ("this waiting room is suffocating lol", False),
        ("the heat on the ward is killing me haha", False),
        ("the dog collapsed on my feet and now I can't move lol", False),
        ("suffocatin in here lol", False),  # a slip in the hyperbole
        # ...but not of a plain symptom, of another clause, of self-harm, or in a sentence that
        # dates it now or asks for help (when in doubt the alarm wins).
        ("I can't feel my legs lol", True),
        ("suffocating lol I can't breathe properly since the op", True),
        ("it's suffocating lol, can't breathe since this morning", True),
        ("I want to die lol", True),
        ("collapsed lol, been on the floor for 2 hours", True),
        ("suffocating lol what do I do", True),
        # A time in a question asks about it and dates nothing.
        ("my friend's band is called Overdose lol, can I dance for 3 hours?", False),
    ],
)
def test_a_joke_marker_reads_a_hyperbole_as_a_joke(bot: FaqBot, message: str, urgent: bool) -> None:
    assert bool(_fired(bot, message)) is urgent


@pytest.mark.parametrize(
    ("message", "urgent"),
    [
        # An overdose of an everyday thing no rule names is a figure of speech...
        ("I overdosed on chocolate at Christmas", False),
        ("we overdosed on Netflix at the weekend", False),
        ("I od'd on youtube videos", False),
        # ...of a medicine, a drug's name, a substance, or a slip in one, an overdose.
        ("I overdosed on my tablets", True),
        ("overdosed on tramadol an hour ago", True),
        ("he overdosed on heroin", True),
        ("she overdosed on lithium", True),
        ("ODd on my med", True),
        ("I overdosed on my mum's pills", True),  # any word of what was taken counts
        ("I overdosed", True),
        # An idiom holds red-flag words only with the words that make it one.
        ("I've asked the GP till I'm blue in the face", False),
        ("I'm blue in the face from chasing the hospital", False),
        ("he's going blue in the face and can't breathe", True),
    ],
)
def test_an_everyday_object_or_an_idiom_is_a_figure(bot: FaqBot, message: str, urgent: bool) -> None:
    assert bool(_fired(bot, message)) is urgent


@pytest.mark.parametrize(
    ("message", "urgent"),
    [
        # "so" before a word of degree ends no clause, so a rule's `unless` reaches it...
        ("I didn't know I'd gone so far", False),
        ("I didn't realise I'd walked so far today", False),
        # ...and before a clause it still is a boundary.
        ("I fell so I can't pee now", True),
        ("I didn't know I'd gone so far, so I can't tell when I need the toilet", True),
        ("my legs are so weak since this morning", True),
    ],
)
def test_so_is_a_boundary_only_before_a_clause(bot: FaqBot, message: str, urgent: bool) -> None:
    assert bool(_fired(bot, message)) is urgent


@pytest.mark.parametrize(
    ("message", "urgent"),
    [
        # What one checks for, past an object, is supposed, not found...
        ("how do I check myself for saddle numbness", False),
        ("how can I test my legs for weakness at home", False),
        ("should I examine my wound for pus every day?", False),
        # ...but a red flag in the object, or said in a clause of its own, still counts,
        # and so does self-harm (as for a fear).
        ("how do I check my bleeding wound for pus, it won't stop bleeding", True),
        ("I can't check myself for numbness, I can't feel anything down there", True),
        # A denial of what was just listed ("none of those") denies it...
        ("The leaflet said fever, weak legs, numb groin. I have none of those, is that good?", False),
        ("my GP asked about chest pain and breathlessness, I've had none of them", False),
        # ...unless a noun follows: then it is that noun's.
        ("I have chest pain and can't breathe. None of those painkillers help", True),
        ("fever, chills and my wound is oozing. None of those have gone away", True),
    ],
)
def test_a_search_supposes_and_an_anaphor_denies(bot: FaqBot, message: str, urgent: bool) -> None:
    assert bool(_fired(bot, message)) is urgent


@pytest.mark.parametrize(
    ("message", "urgent"),
    [
        # A misspelling one slip from a rule word and from a denial ("wond": "wound" or
        # "won't") stays the rule word: read as the denial, it would deny the bleeding.
        ("the wond keeps bleeding and wont stop", True),
        ("my wond is oozing pus", True),
        # A denial typed with a slip that is no rule word's typo is still a denial.
        ("i hvaent had any numbness", False),
    ],
)
def test_a_typo_of_a_rule_word_is_never_read_as_a_denial(bot: FaqBot, message: str, urgent: bool) -> None:
    assert bool(_fired(bot, message)) is urgent


@pytest.mark.parametrize(
    ("message", "urgent"),
    [
        # A misspelt context word that could also be a rule word ("lasst": "last", "toold":
        # "told" or "tool") reads as the context word where no phrase of the message needs
        # the other reading: it dates or tells what it would typed right...
        ("i had a temprature lasst year, should i worry now?", False),
        ("I was toold about losing bladder control after surgery, what should I do if that happens?", False),
        # ...and a time of now typed with the same slips still dates the red flag now.
        ("my legs have been numb sinse lasst night", True),
        ("my legs have gone numb sinse this morning", True),
        # A slip the rules already read as a trigger word ("gonne": "gone", "beter": "better")
        # is that word to the context too...
        ("my foot went numb on the long drive, gonne now", False),
        ("my leg felt weak after the op but it's getting beter", False),
        ("my right toe has been numb for years, no diferent since the op", False),
        # ...but never a denial, and never a form further off than another reading
        # ("cloing" is "closing" before it is "closed").
        ("my throat feels like its cloing up", True),
    ],
)
def test_a_misspelt_context_word_no_phrase_needs_is_read_as_typed_right(
    bot: FaqBot, message: str, urgent: bool
) -> None:
    assert bool(_fired(bot, message)) is urgent


@pytest.mark.parametrize(
    ("message", "urgent"),
    [
        # A figure's red-flag word typed with a slip is the figure typed right...
        ("the commute is chking me", False),
        ("my social life has collpased since the op", False),
        ("this humidity is suffokating", False),
        # ...and the same slip said of oneself is the red flag.
        ("I'm chking, I can't breathe", True),
    ],
)
def test_a_figure_typed_with_a_slip_is_still_a_figure(bot: FaqBot, message: str, urgent: bool) -> None:
    assert bool(_fired(bot, message)) is urgent


@pytest.mark.parametrize(
    ("message", "urgent"),
    [
        # A short function word run into its neighbour is read apart, in a rare string as in
        # one that is no word: the time it tells dates...
        ("some blood in my poo inthe spring, it was piles", False),
        # ...and the red flag it holds is said ("ican barely" is "i can barely")...
        ("Ican barely move my legs today", True),
        ("I dont want tobe alive anymore", True),
        # ...but a rare word's own end is no function word ("windowsill" is no "windows ill").
        ("the plant on my windowsill has collapsed", False),
    ],
)
def test_a_function_word_run_into_its_neighbour_is_read_apart(
    bot: FaqBot, message: str, urgent: bool
) -> None:
    assert bool(_fired(bot, message)) is urgent


@pytest.mark.parametrize(
    ("message", "urgent"),
    [
        # A time long gone said first dates the clauses after a comma that go on telling
        # the same past story...
        ("years ago my mum had a clot, her calf swelled up and went red", False),
        ("last summer my wife fainted on holiday, she blacked out in the heat", False),
        # ...but not one that says now, or names a time of its own.
        ("last year I had a fusion, my bladder stopped working this morning", True),
        ("years ago I had an op, my bladder stopped working and I cant pee now", True),
    ],
)
def test_a_time_long_gone_dates_the_past_told_after_a_comma(bot: FaqBot, message: str, urgent: bool) -> None:
    assert bool(_fired(bot, message)) is urgent


@pytest.mark.parametrize(
    ("message", "urgent"),
    [
        # A leaflet's warning list quoted under "if" is supposed to its last item, however
        # long the list, and a request put to the reader ("can you tell me again") dates
        # nothing...
        (
            "The discharge letter said go to A&E if I lose bladder or bowel control or get "
            "saddle numbness. I haven't had any of that.",
            False,
        ),
        ("i was told to report any numbness between my legs, havent had any, can you tell me again", False),
        # ...while the same red flags said of now alarm, and "again" said of the symptom is a relapse.
        ("can you help, my legs are numb again", True),
        ("I've lost bladder control and my saddle area is numb", True),
    ],
)
def test_a_quoted_warning_list_and_a_request_describe_nothing(
    bot: FaqBot, message: str, urgent: bool
) -> None:
    assert bool(_fired(bot, message)) is urgent


@pytest.mark.parametrize(
    ("message", "urgent"),
    [
        # A clinician's verdict ends a symptom told without a tense, as one told in the past...
        ("numb patch on my thigh, the doctor said it's meralgia from the brace pressing on the nerve", False),
        ("my chest hurts when i cough with this cold, gp listened and said its muscular", False),
        ("I wet myself on the ward but the nurse said it was just the catheter coming out", False),
        # ...but not one its sentence says now, nor one the verdict names as serious.
        ("my chest hurts and i cant breathe, gp said its muscular", True),
        ("my legs are numb, the doctor said it's just nerves", True),
        ("my calf is swollen, the doctor said it could be a clot", True),
    ],
)
def test_a_clinicians_verdict_explains_an_untensed_symptom(bot: FaqBot, message: str, urgent: bool) -> None:
    assert bool(_fired(bot, message)) is urgent


@pytest.mark.parametrize(
    ("message", "urgent"),
    [
        # A spell told in order and then over: the count of hours is how long it lasted...
        ("after the spinal anaesthetic my bottom was numb for a few hours then it was fine", False),
        ("my legs went numb for a minute then it was fine", False),
        ("i couldnt pee for 12 hours, then it was fine", False),
        # ...not an all-clear dated before the thing, nor one a change follows.
        ("i couldnt pee for 12 hours, it was fine before the op", True),
        ("my bum has been numb for 3 hours, it was fine yesterday", True),
        ("my legs went numb for a minute then it was fine but now they are numb again", True),
    ],
)
def test_a_spell_told_in_order_and_over(bot: FaqBot, message: str, urgent: bool) -> None:
    assert bool(_fired(bot, message)) is urgent


@pytest.mark.parametrize(
    ("message", "urgent"),
    [
        # A denial of a verb that acts on its object denies the verb, not the object...
        ("physio hasnt helped my weak legs", True),
        ("nothing has helped my numb bum", True),
        # ...a denial of having still denies it...
        ("I havent got weak legs", False),
        # ...and a treatment told to have helped makes the red flag better, unless its
        # sentence says a change.
        ("hydrotherapy has helped my weak legs loads", False),
        ("the tablets have helped my weak legs but now they are giving way", True),
        ("help my legs are weak", True),
    ],
)
def test_a_verb_acting_on_its_object(bot: FaqBot, message: str, urgent: bool) -> None:
    assert bool(_fired(bot, message)) is urgent


@pytest.mark.parametrize(
    ("message", "urgent"),
    [
        # A possessive typed without its apostrophe names another person as the subject does...
        ("my grandma's legs got weak after her hip op and she needed rehab but she's walking again", False),
        # ...told of now, or going on in the present with a red flag of its own, it alarms.
        ("my husband's legs went weak this morning", True),
        ("my wife's leg went dead and she can't lift it, she's lying on the sofa crying", True),
    ],
)
def test_someone_elses_possessive_and_their_story_now(bot: FaqBot, message: str, urgent: bool) -> None:
    assert bool(_fired(bot, message)) is urgent


@pytest.mark.parametrize(
    ("message", "urgent"),
    [
        # An exception inside the rule's own words is none: the saddle area named by a bike...
        ("the area you would sit on a bike saddle is numb", True),
        # ...nor one a trigger states as a fact ("worry that ...")...
        ("Should I worry that I can't lift my right foot up since this morning?", True),
        # ...while the circumstance itself still explains the red flag.
        ("my bum goes numb after sitting on a bike for hours", False),
        ("my legs are weak from worry", False),
        ("i take loads of tablets for my other conditions can i still get painkillers for my back", False),
    ],
)
def test_an_exception_is_a_circumstance(bot: FaqBot, message: str, urgent: bool) -> None:
    assert bool(_fired(bot, message)) is urgent


@pytest.mark.parametrize(
    ("message", "urgent"),
    [
        # An inability goes on through "or" to a second verb...
        ("cant bend my knee or lift my leg off the bed since this morning", True),
        ("I can't pee or poo since the op", True),
        # ...not to a new clause with a subject of its own, nor into a list before it.
        ("I can't sleep or I get cramp in my calf", False),
        ("no fever, chills or sweats and I cant sleep", False),
    ],
)
def test_an_inability_goes_on_through_or(bot: FaqBot, message: str, urgent: bool) -> None:
    assert bool(_fired(bot, message)) is urgent


@pytest.mark.parametrize(
    ("message", "urgent"),
    [
        # "whether" asks as "if" does...
        ("how do I know whether my wound is infected or just healing?", False),
        # ...but not after wondering or being unsure, which say the thing is there.
        ("I wonder whether my wound is infected, it's oozing pus", True),
        ("not sure whether I wet myself", True),
    ],
)
def test_whether_asks_as_if_does(bot: FaqBot, message: str, urgent: bool) -> None:
    assert bool(_fired(bot, message)) is urgent


@pytest.mark.parametrize(
    ("message", "urgent"),
    [
        # What a course or a teacher covers is a general question, as what is learnt is...
        ("what do they teach you about self-harm at nursing school?", False),
        ("my nephew is on a first aid course, what are the signs of an overdose?", False),
        ("my wife did a training day at work, what are the warning signs of suicide?", False),
        # ...but a red flag of someone's own beside it is still told.
        ("they taught us about suicide and now I want to end my life", True),
        ("my niece is on a nursing course and feels suicidal, what should she do?", True),
    ],
)
def test_what_is_taught_is_general(bot: FaqBot, message: str, urgent: bool) -> None:
    assert bool(_fired(bot, message)) is urgent


@pytest.mark.parametrize(
    ("message", "urgent"),
    [
        # "ever" after a worry supposes, as "if I ever" alone does...
        ("would I need to worry if I ever lost feeling around my back passage?", False),
        ("should my wife be worried if she ever gets weak legs after her op?", False),
        # ...while a worry about what is so already describes it.
        ("should I worry if my groin has gone numb?", True),
        ("should I worry if I ever get numbness in my groin? I've got it right now", True),
    ],
)
def test_a_worry_about_ever_supposes(bot: FaqBot, message: str, urgent: bool) -> None:
    assert bool(_fired(bot, message)) is urgent


@pytest.mark.parametrize(
    ("message", "urgent"),
    [
        # A general question is taken up by a later sentence about now, but not by an
        # all-clear dated now...
        ("what if I lose control of my bowels? the leaflet talks about it but I'm fine at present", False),
        # ...while a time of now that is no all-clear still takes it up.
        ("what happens if my legs go weak? the nurse mentioned it and I've had it since lunch", True),
        ("what happens if I can't wee? I'm fine but it started this morning", True),
    ],
)
def test_an_all_clear_now_takes_nothing_up(bot: FaqBot, message: str, urgent: bool) -> None:
    assert bool(_fired(bot, message)) is urgent


@pytest.mark.parametrize(
    ("message", "urgent"),
    [
        # A leg gone to sleep that walking a few steps puts right is over...
        ("stood up after a long meeting and my knee buckled, fine after a few steps", False),
        # ...but not when it goes on.
        ("my legs keep buckling, fine after a few steps then they go again", True),
    ],
)
def test_a_few_steps_put_right(bot: FaqBot, message: str, urgent: bool) -> None:
    assert bool(_fired(bot, message)) is urgent


@pytest.mark.parametrize(
    ("message", "urgent"),
    [
        # An aid named after the condition it is for is a thing...
        ("the velcro on my drop foot splint has worn out, can I replace it?", False),
        # ...the condition said as such still alarms.
        ("I've had foot drop since this morning, should I get a splint?", True),
        # A likeness to having been hurt is how one feels...
        ("after that drive I feel like I've been run over by a lorry", False),
        # ...the accident itself, or a broken-feeling leg, is an emergency.
        ("my brother has been knocked down by a car", True),
        ("my leg feels like it's broken after the fall", True),
    ],
)
def test_an_aid_or_a_likeness_is_no_symptom(bot: FaqBot, message: str, urgent: bool) -> None:
    assert bool(_fired(bot, message)) is urgent


@pytest.mark.parametrize(
    ("message", "urgent"),
    [
        # Swelling with a long-standing cause named in its clause is oedema...
        ("my aunt's legs are swollen from her heart failure, she takes diuretics", False),
        ("my uncle's legs are puffy and swollen because of his kidney disease", False),
        # ...a hot, swollen calf beside such a cause, in a clause of its own, is still a clot.
        ("my left calf is swollen and hot, I'm on water tablets", True),
        ("my calf is red and swollen since this morning even though I take diuretics", True),
    ],
)
def test_swelling_with_a_named_cause_is_oedema(bot: FaqBot, message: str, urgent: bool) -> None:
    assert ("calf-clot" in _fired(bot, message)) is urgent


@pytest.mark.parametrize(
    ("message", "urgent"),
    [
        # What one reads about is a topic, whatever time the sentence says...
        ("I read about cauda equina syndrome and now I'm nervous", False),
        # ...a red flag told in a clause of its own after it still counts.
        ("I read about sepsis and now I'm shivering with a red oozing scar", True),
        ("I was reading about cauda equina and now I can't feel my bottom", True),
    ],
)
def test_what_is_read_about_is_a_topic(bot: FaqBot, message: str, urgent: bool) -> None:
    assert bool(_fired(bot, message)) is urgent


@pytest.mark.parametrize(
    ("message", "urgent"),
    [
        # An inability whose verb is left out means the ability named before it: the writer
        # cannot do what they checked they could (first or third person, can or could)...
        ("I keep checking if I can feel my legs and I cant", True),
        ("i tried to see if i could lift my foot and i couldnt", True),
        ("my husband keeps testing if he can feel his feet and he cannot", True),
        ("I wanted to see if I can wee and I can't", True),
        # ...while the same check that comes out well is no red flag.
        ("I checked if I can feel my legs and I can", False),
        ("I wondered if I could lift my foot and I could", False),
        ("I tested if I can wee, and I can", False),
    ],
)
def test_an_inability_takes_the_verb_left_out(bot: FaqBot, message: str, urgent: bool) -> None:
    assert bool(_fired(bot, message)) is urgent


@pytest.mark.parametrize(
    ("message", "urgent"),
    [
        # What one read or heard about is a topic, until a later clause says the writer has it
        # (after "and", a comma or a full stop; hedged or not)...
        ("I read about saddle numbness and I have it", True),
        ("heard about cauda equina on the radio and i think ive got it", True),
        ("someone on the forum described losing bladder control, thats what i have", True),
        ("I saw a leaflet on saddle numbness. I have it", True),
        # ...but asking whether one has it asks, and a denial or a hope says nothing is there.
        ("I read about saddle numbness, do I have it?", False),
        ("I read about saddle numbness but I dont think I have it", False),
        ("I heard of cauda equina, I hope I never get it", False),
    ],
)
def test_a_topic_the_writer_says_they_have_is_described(bot: FaqBot, message: str, urgent: bool) -> None:
    assert bool(_fired(bot, message)) is urgent


@pytest.mark.parametrize(
    ("message", "urgent"),
    [
        # A general or supposed question followed by a sentence that says it is happening to the
        # writer now describes it: the alarm, not only the pointer...
        ("What should I do if I can't pee? it's happening right now", True),
        ("what happens if you cant feel your legs. this is happening to me", True),
        ("is it bad if your wound is leaking pus? that's me right now", True),
        # ...while a question asked for someone else, or asked again, stays a question.
        ("is it bad if your wound is leaking pus? asking for my mum", False),
        ("what happens if you cant feel your legs? is it happening to me?", False),
    ],
)
def test_a_question_then_its_happening_now_is_described(bot: FaqBot, message: str, urgent: bool) -> None:
    assert bool(_fired(bot, message)) is urgent


@pytest.mark.parametrize(
    ("message", "urgent"),
    [
        # A red flag told in the past that the writer says is back now is current, however far
        # back the first time was, even with the place said as "there"...
        ("when I was a child I was numb down below and I'm numb there again now", True),
        ("I had numbness in my groin after my op in 2015 and I'm numb there again today", True),
        ("I had foot drop years ago and now it's back", True),
        ("years ago I lost control of my bladder and its happening again", True),
        # ...and a past one said to be gone, or not back, stays past.
        ("when I was a child I was numb down below and I'm not numb there now", False),
        ("I had foot drop years ago and it never came back", False),
        ("I lost control of my bladder once as a teen, its fine now", False),
    ],
)
def test_a_past_red_flag_back_now_is_current(bot: FaqBot, message: str, urgent: bool) -> None:
    assert bool(_fired(bot, message)) is urgent
