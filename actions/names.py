"""The actions' names in one place: actions hand the turn to each other (FollowupAction)."""

ACTION_ANSWER_TOPIC = "action_answer_topic"
ACTION_GUIDE = "action_guide"
ACTION_REFERRAL_CONSENT = "action_referral_consent"
