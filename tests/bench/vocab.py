"""A real-looking vocabulary with Zipf word frequencies, and names, ranks and places for authors."""

from __future__ import annotations

import itertools
import random
from bisect import bisect_left

# The most frequent words of English, in roughly their real order, so text reads like text
# and stop-word handling in the index is exercised as it would be by real posts.
FUNCTION_WORDS = """the of and to a in is that it was for on as with he be by at his not but
they this are from or had have an which were we their one you all there been would if has
so what more when who will no them its she can out up about into than other some then could
only these two may any do my like over also after our most such even made many before
because did through much where those well should very just now how being each own both here
still while however why since war again first between against never might without""".split()

# Topic words of a history forum; they sit in the middle of the frequency ranks.
TOPIC_WORDS = """alliance treaty army soviet british french polish german border troops
pact empire revolution navy fleet king emperor republic war peace campaign invasion siege
battle front general soldier officer parliament minister government policy diplomacy
historian source document archive evidence theory argument question answer thread forum
century decade winter spring summer autumn river mountain coast island province capital
city village castle fortress bridge railway harbour trade grain coal steel oil gold silver
tax debt bank market famine plague church bishop monk crusade pope dynasty throne crown
heir prince duke count baron knight cavalry infantry artillery tank aircraft bomber
submarine convoy blockade colony frontier refugee prisoner hostage spy cipher telegram
newspaper propaganda election strike union socialist communist fascist liberal monarchy
democracy dictator regime purge reform famine uprising rebellion mutiny truce armistice
surrender victory defeat retreat offensive reserve supply logistics winter weather map
ally enemy neutral guarantee ultimatum conference delegate ambassador embassy negotiation
agreement clause border partition annexation occupation liberation resistance partisan""".split()

_ONSETS = ("b bl br c ch cl cr d dr f fl fr g gl gr h j k kr l m n p pl pr qu r s sc sh sk "
           "sl sm sn sp st str t th tr v w z").split() + [""] * 6
_NUCLEI = "a e i o u a e i o u a e o ou ai ea ia y".split()
_INNER_ONSETS = "b c d f g k l m n p r s t v z st nd rt".split()
_CODAS = ("n r s l t d m nd rt st ns rg lk ck v sk x" ).split() + [""] * 10

MONTHS = "Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec".split()
RANKS = ("Ad Honorem", "Ad Honoris", "Historian", "Scholar", "Citizen", "Academician")
PLACES = ("Virginia", "Lithuania", "Madeira, Portugal", "SoCal", "Dispargum", "Ontario",
          "Bavaria", "Tasmania", "Lombardy", "Texas", "Wales", "Silesia", "Gascony", "Norway",
          "Kyiv, Ukraine", "Quebec", "Anatolia", "Kent, England", "Flanders", "Sicily")


def pseudo_word(rng: random.Random, syllables: int) -> str:
    """A pronounceable made-up word, e.g. 'strandor'."""
    return "".join(
        rng.choice(_ONSETS if i == 0 else _INNER_ONSETS) + rng.choice(_NUCLEI)
        + (rng.choice(_CODAS) if i == syllables - 1 and rng.random() < 0.7 else "")
        for i in range(syllables)
    )


class Vocabulary:
    """Word types in frequency-rank order, sampled with Zipf's law (p ~ 1/rank^s)."""

    def __init__(self, size: int = 30_000, s: float = 1.05, seed: int = 7) -> None:
        rng = random.Random(f"vocab:{seed}")
        words: list[str] = list(dict.fromkeys(FUNCTION_WORDS))
        seen = set(words) | set(TOPIC_WORDS)
        invented: list[str] = []
        while len(invented) + len(words) + len(TOPIC_WORDS) < size:
            word = pseudo_word(rng, rng.choice((1, 2, 2, 2, 3, 3)))
            if len(word) >= 3 and word not in seen:
                seen.add(word)
                invented.append(word)
        # Topic words are spread over ranks 150-2000 so queries meet real-word frequencies.
        ranked = invented
        for position, word in zip(sorted(rng.sample(range(30, 1900), len(TOPIC_WORDS))), TOPIC_WORDS):
            ranked.insert(position, word)
        self.words: list[str] = words + ranked
        self.rank = {word: i for i, word in enumerate(self.words)}
        self.cum_weights = list(itertools.accumulate(1.0 / (r + 1) ** s for r in range(len(self.words))))

    def sample(self, rng: random.Random, k: int) -> list[str]:
        """k words drawn by frequency."""
        return rng.choices(self.words, cum_weights=self.cum_weights, k=k)

    def band(self, low: int, high: int) -> list[str]:
        """The words ranked between low and high (0 = most frequent)."""
        return self.words[low:high]

    def expected_share(self, word: str) -> float:
        """The probability of drawing this word."""
        r = self.rank[word]
        previous = self.cum_weights[r - 1] if r else 0.0
        return (self.cum_weights[r] - previous) / self.cum_weights[-1]

    def contains(self, word: str) -> bool:
        return word in self.rank


def person_name(rng: random.Random) -> str:
    """A forum user name such as 'Vaeltaja' or 'Strandor77'."""
    name = pseudo_word(rng, rng.choice((2, 2, 3))).capitalize()
    return name + str(rng.randint(1, 99)) if rng.random() < 0.2 else name


def join_month(rng: random.Random) -> str:
    return f"{rng.choice(MONTHS)} {rng.randint(2005, 2021)}"


def zipf_index(rng: random.Random, n: int, cum: list[float]) -> int:
    """An index in range(n) drawn with precomputed cumulative weights (n == len(cum))."""
    return min(n - 1, bisect_left(cum, rng.random() * cum[-1]))
