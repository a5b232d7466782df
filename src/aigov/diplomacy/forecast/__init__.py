"""Early warning: will a country's or a dyad's material conflict rise above its own recent norm next month?"""
