"""What a save did to the grades, said in the admin after it. (Being built for issue 11.)"""


class GradeFeedbackMixin:
    pass
