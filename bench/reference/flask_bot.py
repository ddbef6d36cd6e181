"""The design DataDrill replaced, reproduced as the reference of `pnpm bench` (its `reference` part).

The original WhatsApp bot was one synchronous Flask app, Flask-SQLAlchemy on MySQL (PyMySQL), run
by gunicorn's sync workers: Twilio's webhook, POST /bot, did all the work inside the request, and
the reply went back as TwiML in the HTTP answer. It counted the sender's interactions of the last
24 hours, and under the limit of 5 picked a random challenge of the requested topic and difficulty,
inserted the interaction, committed and answered. Like the original it does not check Twilio's
signature, and has no queue and no retries. It is here so that DataDrill's figures are measured
against what it replaced, on the same machine in the same run; it is not part of the product.

    DATABASE_URL=mysql+pymysql://root@127.0.0.1:3306/<db> /usr/bin/python3 flask_bot.py   # tables, seed
    DATABASE_URL=mysql+pymysql://root@127.0.0.1:3306/<db> /usr/bin/gunicorn -w 4 -b 127.0.0.1:8000 flask_bot:app
"""

import os
from datetime import datetime, timedelta
from xml.sax.saxutils import escape

from flask import Flask, Response, request
from flask_sqlalchemy import SQLAlchemy
from sqlalchemy import func

DAILY_LIMIT = 5
TOPICS = ["python", "sql", "statistics", "linear-algebra", "probability", "pandas", "machine-learning"]
DIFFICULTIES = ["easy", "medium", "hard"]

app = Flask(__name__)
app.config["SQLALCHEMY_DATABASE_URI"] = os.environ["DATABASE_URL"]
db = SQLAlchemy(app)


class Challenge(db.Model):
    __tablename__ = "challenges"
    __table_args__ = (db.Index("ix_challenges_topic_difficulty", "topic", "difficulty"),)
    id = db.Column(db.Integer, primary_key=True)
    code = db.Column(db.String(40), unique=True, nullable=False)
    topic = db.Column(db.String(32), nullable=False)
    difficulty = db.Column(db.String(8), nullable=False)
    title = db.Column(db.String(120), nullable=False)
    text = db.Column(db.Text, nullable=False)


class Interaction(db.Model):
    __tablename__ = "interactions"
    # The index the 24-hour count needs: the reference gets its best shot.
    __table_args__ = (db.Index("ix_interactions_phone_created_at", "phone", "created_at"),)
    id = db.Column(db.Integer, primary_key=True)
    phone = db.Column(db.String(32), nullable=False)
    keywords = db.Column(db.String(255), nullable=False)
    challenge_code = db.Column(db.String(40))
    created_at = db.Column(db.DateTime, nullable=False, default=datetime.utcnow)


def twiml(text):
    body = f'<?xml version="1.0" encoding="UTF-8"?><Response><Message>{escape(text)}</Message></Response>'
    return Response(body, mimetype="text/xml")


@app.post("/bot")
def bot():
    phone = request.form.get("From", "")
    keywords = request.form.get("Body", "").strip().lower()
    words = keywords.split()
    topic = words[0] if words else ""
    difficulty = words[1] if len(words) > 1 else "easy"
    if topic not in TOPICS or difficulty not in DIFFICULTIES:
        return twiml(f"Send a topic and a difficulty, e.g. 'python easy'. Topics: {', '.join(TOPICS)}.")
    since = datetime.utcnow() - timedelta(hours=24)
    used = (
        db.session.query(func.count(Interaction.id))
        .filter(Interaction.phone == phone, Interaction.created_at > since)
        .scalar()
    )
    if used >= DAILY_LIMIT:
        return twiml(f"You have had your {DAILY_LIMIT} challenges for today. Come back tomorrow!")
    challenge = Challenge.query.filter_by(topic=topic, difficulty=difficulty).order_by(func.rand()).first()
    if challenge is None:
        return twiml(f"No {topic} {difficulty} challenges yet.")
    db.session.add(Interaction(phone=phone, keywords=keywords, challenge_code=challenge.code))
    db.session.commit()
    left = DAILY_LIMIT - used - 1
    return twiml(f"*{challenge.title}* [{challenge.code}]\n{challenge.text}\n\n{left} left today.")


if __name__ == "__main__":
    # The bench's setup step: the tables, and a library shaped like the real one (7 topics × 3
    # difficulties × 15, texts of the real library's average length, about 150 characters).
    with app.app_context():
        db.create_all()
        db.session.add_all(
            Challenge(
                code=f"{topic}-{difficulty}-{n:03d}",
                topic=topic,
                difficulty=difficulty,
                title=f"{topic.capitalize()} practice {n}",
                text=f"{topic.capitalize()} exercise {n} ({difficulty}): work it out on paper first, then check "
                "it with a few lines of code and send your answer back when you are done.",
            )
            for topic in TOPICS
            for difficulty in DIFFICULTIES
            for n in range(1, 16)
        )
        db.session.commit()
